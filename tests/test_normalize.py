"""The normalizer: properties (hypothesis) and the cases real web copies bring."""

from __future__ import annotations

import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from extract.boilerplate import boilerplate_spans, cuts_whole_lines
from extract.mojibake import mojibake_repairs
from extract.normalize import normalize, squash
from extract.offsets import spans_pass

# Characters that exercise every pass: Chinese (simplified and traditional), pinyin
# notes and tone marks, parentheses, full-width forms, boilerplate words, mojibake,
# markup, page numbers and white space.
_PIECES = [
    "區(qū)",
    "經(jīng)濟",
    "(一)",
    "（二）",
    "(GDP)",
    "(2024年)",
    "(km)",
    "增长5.3%左右",
    "５．３％",
    "责任编辑:张三",
    "分享",
    "打印",
    "— 3 —",
    "鍖哄煙缁忔祹",
    "?。?",
    "<p>",
    "</p>",
    "&nbsp;",
    "&#123;",
    "&amp;lt;",
    "＜p＞",
    "<!--",
    "-->",
    ".app-qr img",
    "{width: 1px;}",
    "\n",
    "\r\n",
    "\n\n\n",
    " ",
    "\u3000",
    "\t",
    "一、",
    "名词解释",
    "(fā)(fā)",
]
_TEXT = st.lists(
    st.one_of(
        st.sampled_from(_PIECES),
        st.text(
            alphabet=string.printable + "区域經濟发展（）。，：；？！“”、—年月日亿元万人",
            max_size=8,
        ),
        st.text(max_size=4),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
@example("鍖哄煙缁忔祹鍖哄煙缁忔祹一、")  # a repair found only after t2s, once
@example("— 3 — 责任编辑:张三")  # a boilerplate line bared by cutting page furniture
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize(raw).text
    assert normalize(once).text == once


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_offsets_map_every_character_back_monotonically(raw: str) -> None:
    norm = normalize(raw)
    assert len(norm.offsets) == len(norm.text)
    assert all(0 <= i < len(raw) for i in norm.offsets)
    assert all(a <= b for a, b in zip(norm.offsets, norm.offsets[1:], strict=False))


def test_unchanged_characters_map_to_themselves() -> None:
    raw = "標題\n潯陽區(qū)人民政府\n地区生产总值增长5%"
    norm = normalize(raw)
    start = norm.text.index("增长5%")
    span = norm.original_span(start, start + 4)
    assert raw[span[0] : span[1]] == "增长5%"
    region = norm.text.index("区人民")
    assert raw[norm.offsets[region]] == "區"


def test_pinyin_notes_go_and_real_parentheses_stay() -> None:
    raw = "區(qū)域經(jīng)濟(一)(GDP)江西(江西省)(2024年)面积(km)（二）發（fā）展"
    assert normalize(raw).text == "区域经济(一)(GDP)江西(江西省)(2024年)面积(km)（二）发展"


def test_traditional_becomes_simplified() -> None:
    assert normalize("規模以上工業增加值增長").text == "规模以上工业增加值增长"


def test_full_width_digits_and_signs_fold_but_chinese_punctuation_stays() -> None:
    assert (
        normalize("增长５．３％，ＧＤＰ：１２３亿元。（一）").text
        == "增长5.3%，GDP：123亿元。（一）"
    )


def test_mojibake_is_repaired_only_where_a_strict_round_trip_allows() -> None:
    broken = "区域经济".encode().decode("gbk")
    assert broken == "鍖哄煙缁忔祹"
    assert normalize(f"推动{broken}发展").text == "推动区域经济发展"
    assert mojibake_repairs("区域经济发展很好，地区生产总值增长") == []


def test_lost_bytes_are_flagged_not_guessed() -> None:
    norm = normalize("(江西?。?024年九江市")
    assert "?。?" in norm.text
    start = norm.text.index("?。?")
    assert (start, start + 3) in norm.damaged


def test_lost_bytes_take_their_garbled_tail_along() -> None:
    norm = normalize("建成洋街?jǐn)?shù)字文创,消费近千万元?!皾£柦璅UN夏派对")
    damaged = [norm.text[a:b] for a, b in norm.damaged]
    assert damaged == ["?jǐn)?shù)", "?!皾£柦璅"]


def test_web_boilerplate_lines_go_report_lines_stay() -> None:
    raw = (
        "首页 > 重要发布 > 代表大会文件\n下载\n打印\n【字号：\n加大\n】\n"
        "政府工作报告\n各位代表：\n分享\n收藏\n地区生产总值增长5%。\n"
        "责任编辑:彭羽佳\n本文地址:/baogao/1.html\n网站地图\n"
        "声明:本网转发此文章,旨在为读者提供更多信息资讯。\n"
    )
    assert normalize(raw).text == "政府工作报告\n各位代表：\n地区生产总值增长5%。"


_LINES = st.lists(
    st.sampled_from(
        ["打印", "首页", "责任编辑:张三", "— 3 —", "— 4 — 编辑:李四", "某市报告", "增长5%。", ""]
    ),
    max_size=12,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_cutting_whole_lines_leaves_no_boilerplate(text: str) -> None:
    # normalize cuts boilerplate once, not until nothing is left, when only whole lines went
    spans = boilerplate_spans(text)
    if spans and cuts_whole_lines(text, spans):
        assert boilerplate_spans(spans_pass(text, spans)[0]) == []


def test_pdf_page_numbers_and_running_headers_go() -> None:
    page = "某市政府工作报告\n地区生产总值增长{n}%。\n— {n} —\n"
    raw = "".join(page.format(n=n) for n in range(1, 5)) + "正文结束 — 5 — 下一页"
    text = normalize(raw).text
    assert "—" not in text
    assert "某市政府工作报告" not in text
    assert "地区生产总值增长4%。" in text
    assert "正文结束 下一页" in text


def test_markup_left_in_text_copies_goes() -> None:
    raw = '<p cms-style="font-L">　　记者|戈振伟</p><p>增长6%&nbsp;左右</p>'
    assert normalize(raw).text == "记者|戈振伟\n增长6% 左右"


def test_layout_trims_lines_and_blank_runs() -> None:
    assert (
        normalize("\r\n  一、回顾  \r\n\r\n\r\n\r\n　　报告内容\t\n").text == "一、回顾\n\n报告内容"
    )


def test_squash_compares_quotes_across_scripts_and_spacing() -> None:
    assert squash("區(qū)域 經濟\n增長５％") == squash("区域经济增长5%") == "区域经济增长5%"
