"""The one number parser: GOLD.md's forms read right, non-quantities dropped, properties hold."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.cn_numerals import format_cn_integer, read_cn_integer
from extract.numbers import UNITS, find_numbers, to_base, value_written_in
from schemas.items import Qualifier


def one(text: str) -> tuple[float, float | None, str, str]:
    found = find_numbers(text)
    assert len(found) == 1, found
    m = found[0]
    return m.value, m.value_max, m.unit, m.qualifier.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("地区生产总值447.1亿元", (447.1, None, "亿元", "exact")),
        ("同比增长4.2%左右", (4.2, None, "%", "approx")),
        ("新增上市企业1—2家", (1, 2, "家", "exact")),
        ("招引头部企业4-5家", (4, 5, "家", "exact")),
        ("建设3至5个", (3, 5, "个", "exact")),
        ("增长3-5%", (3, 5, "%", "exact")),
        ("增长3%-5%", (3, 5, "%", "exact")),
        ("救助资金2000余万元", (2000, None, "万元", "at_least")),
        ("新增就业1.3万人", (1.3, None, "万人", "exact")),
        ("培育规上企业三家", (3, None, "家", "exact")),
        ("建成十二个", (12, None, "个", "exact")),
        ("新建两所", (2, None, "所", "exact")),
        ("安置一百二十人", (120, None, "人", "exact")),
        ("种植3千亩", (3, None, "千亩", "exact")),
        ("装机300万千瓦", (300, None, "万千瓦", "exact")),
        ("提高0.5个百分点", (0.5, None, "个百分点", "exact")),
        ("是2011年的1.37倍", (1.37, None, "倍", "exact")),
        ("翻两番", (2, None, "番", "exact")),
        ("八成以上", (8, None, "成", "at_least")),
        ("改造5万套（间）", (5, None, "万套（间）", "exact")),
        ("接待游客20余万人次", (20, None, "万人次", "at_least")),
        ("1.4万余家企业", (1.4, None, "万家", "at_least")),
        ("约145万平方米", (145, None, "万平方米", "approx")),
        ("近900公里", (900, None, "公里", "approx")),
        ("超过1.4万家", (1.4, None, "万家", "at_least")),
        ("突破1万亿元", (1, None, "万亿元", "at_least")),
        ("不低于95%", (95, None, "%", "at_least")),
        ("不超过3%", (3, None, "%", "at_most")),
        ("低于3%", (3, None, "%", "at_most")),
        ("控制在3%", (3, None, "%", "at_most")),
        ("控制在3%以内", (3, None, "%", "at_most")),
        ("控制在5.5%左右", (5.5, None, "%", "approx")),
        ("稳定在4.3%上下", (4.3, None, "%", "approx")),
        ("10家以上", (10, None, "家", "at_least")),
        ("5%以下", (5, None, "%", "at_most")),
        ("下降75%", (-75, None, "%", "exact")),
        ("能耗强度降低5.1%", (-5.1, None, "%", "exact")),
        ("减少近20%", (-20, None, "%", "approx")),
        ("共计1,234.5万元", (1234.5, None, "万元", "exact")),
        ("增长３５％", (35, None, "%", "exact")),
        ("指数从6.32", (6.32, None, "", "exact")),
        ("42件民生实事", (42, None, "件", "exact")),
    ],
)
def test_reads_gold_forms(text: str, expected: tuple[float, float | None, str, str]) -> None:
    assert one(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024年1月20日",
        "2024—2026年",
        "上午9:30",
        "全市第二",
        "第一方阵",
        "十四五规划",
        "“1269”行动",
        "“532”发展战略",
        "5G基站",
        "4A级景区",
        "党的二十大",
        "19连增",
        "连续5年",
        "十大平台",
        "三大高地",
        "六方面工作",
        "十件民生实事",
        "Ⅱ类水质",
        "超千亿元",
        "近万家",
        "突破千项",
        "翻一番",
        "PM2.5浓度",
        "两个“确保”",
        "一批重点项目",
        "统一大市场",
        "连续5个季度",
        "连续48个月",
        "30万吨级航道",
        "10万千瓦级机组",
        "中央八项规定精神",
        "省委十一届十次、十一次全会",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_numbers(text) == []


def test_ratio_gives_one_unitless_part_each() -> None:
    found = find_numbers("三次产业结构由8.7∶41.2∶50.1调整为7.4∶39.6∶53")
    assert [m.value for m in found] == [8.7, 41.2, 50.1, 7.4, 39.6, 53]
    assert {m.unit for m in found} == {""}


def test_one_verb_serves_a_list() -> None:
    found = find_numbers("事故起数、死亡人数分别下降9.62%、10.47%")
    assert [m.value for m in found] == [-9.62, -10.47]
    assert all(m.declined for m in found)
    found = find_numbers("分别增长4.5%、5.5%左右")
    assert [m.qualifier for m in found] == [Qualifier.approx, Qualifier.approx]


def test_a_unit_written_once_serves_the_list() -> None:
    found = find_numbers("规模分别达1.28万亿、1.18万亿、8200亿元")
    assert [m.unit for m in found] == ["万亿元", "万亿元", "亿元"]


def test_spans_point_at_the_text() -> None:
    text = "预计完成地区生产总值447.1亿元,全市第二,同比增长4.2%左右"
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("value", "unit", "base"),
    [
        (1.3, "万人", (13000, "人")),
        (2, "万亿元", (2e12, "元")),
        (320, "亿元", (3.2e10, "元")),
        (300, "万千瓦", (3e6, "千瓦")),
        (5, "%", (5, "%")),
        (0.5, "个百分点", (0.5, "个百分点")),
        (12, "千米", (12, "千米")),
    ],
)
def test_to_base(value: float, unit: str, base: tuple[float, str]) -> None:
    got = to_base(value, unit)
    assert got[1] == base[1]
    assert got[0] == pytest.approx(base[0])


def test_value_written_in() -> None:
    assert value_written_in(447.1, "地区生产总值447.1亿元")
    assert value_written_in(-75, "双双下降75%")
    assert value_written_in(3, "培育规上企业三家")
    assert not value_written_in(44.71, "地区生产总值447.1亿元")
    assert not value_written_in(47.1, "地区生产总值447.1亿元")  # a whole number, not a piece
    assert value_written_in(1.3, "新增就业1.3万人")


# ---- properties ----------------------------------------------------------------

_ARABIC_UNITS = [u for u in UNITS if u not in ("成", "番")]
_PREFIX = st.sampled_from(["", "增长", "完成", "达到", "新增", "建成"])


@st.composite
def written_value(draw: st.DrawFn) -> tuple[str, float, float | None]:
    """A value written the way reports write it, with what it should read back as."""
    form = draw(st.sampled_from(["int", "decimal", "cn", "range", "cn_range", "comma", "wide"]))
    unit = draw(st.sampled_from(_ARABIC_UNITS))
    if form == "int":
        v = draw(st.integers(0, 10**7))
        return f"{v}{unit}", float(v), None
    if form == "comma":
        v = draw(st.integers(1000, 10**8))
        return f"{v:,}{unit}", float(v), None
    if form == "wide":
        v = draw(st.integers(0, 10**6)) / 10
        wide = f"{v:.1f}".translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
        return f"{wide}{unit}", v, None
    if form == "decimal":
        v = draw(st.integers(1, 10**6)) / 100
        return f"{v:.2f}{unit}", round(v, 2), None
    if form.startswith("cn") and unit[0] in "千百大件":
        unit = "个"  # 二千米 (2000 m or 2 km?), 三大类 and 十件 (labels) are not plain counts
    if form == "cn":
        v = draw(st.integers(2, 9999))
        return f"{format_cn_integer(v)}{unit}", float(v), None
    a = draw(st.integers(1, 500))
    b = a + draw(st.integers(1, 500))
    if form == "range":
        dash = draw(st.sampled_from(["-", "—", "至", "~"]))
        return f"{a}{dash}{b}{unit}", float(a), float(b)
    a, b = min(a, 9), min(b, 99)
    return (
        f"{format_cn_integer(max(a, 2))}至{format_cn_integer(b)}{unit}",
        float(max(a, 2)),
        float(b),
    )


@given(written_value(), _PREFIX)
def test_formatted_value_reads_back(case: tuple[str, float, float | None], prefix: str) -> None:
    written, value, value_max = case
    found = find_numbers(f"{prefix}{written}")
    assert len(found) == 1, (written, found)
    assert found[0].value == pytest.approx(value)
    assert found[0].value_max == (None if value_max is None else pytest.approx(value_max))


@given(st.integers(1, 9999))
def test_cn_numerals_round_trip(value: int) -> None:
    assert read_cn_integer(format_cn_integer(value)) == value


@given(
    st.text(
        alphabet="0123456789.,%-—至万亿千百一二两三四五六七八九十家个年月第约近超以上左右下降、和“”GA",
        max_size=40,
    )
)
def test_mentions_sorted_and_disjoint(text: str) -> None:
    found = find_numbers(text)
    for m in found:
        assert text[m.start : m.end] == m.text
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("居民消费价格微降0.1%", -0.1, "%"),  # 降 alone is a decline, like 下降
        ("同比降2.3%", -2.3, "%"),
        ("降至3%", 3, "%"),  # where it got to: a level, not a decline
        ("抽检超4万批次", 4, "万批次"),
        ("人均预期寿命达到79岁", 79, "岁"),
        ("人均预期寿命从80.2岁提升", 80.2, "岁"),
    ],
)
def test_declines_batches_and_ages(text: str, value: float, unit: str) -> None:
    [found] = find_numbers(text)
    assert (found.value, found.unit) == (value, unit)


@pytest.mark.parametrize("text", ["关爱0—6岁儿童", "为60岁以上老年人体检", "3岁以下婴幼儿托位"])
def test_an_age_naming_people_is_not_a_quantity(text: str) -> None:
    assert find_numbers(text) == []
