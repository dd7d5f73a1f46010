"""THE number parser: every quantity of a text with its span, value, unit and qualifier.

The rules extractor, the grounding check and the eval's cross-check all read numbers
here, so they agree on what `2000余万元` or `4-5家` means. What is *not* a quantity
(years, dates, ranks, numbers inside names) follows GOLD.md and is dropped here, once.
Regex-driven and compiled once: the whole offline pipeline must run at megabytes a second.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from extract.cn_numerals import CN_NUMERAL_CHARS, format_cn_integer, read_cn_integer
from schemas.items import Qualifier

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％－～：", "0123456789.,%-~:")

# Longest first, so 万人次 wins over 万人 and 个百分点 over 个.
_UNIT_WORDS = (
    "% 个百分点 百分点 倍 番 成 元 美元 人民币 亿元人民币 元人民币 平方米 平方公里 公顷 亩 公里 "
    "千米 米 千瓦 千瓦时 度 吨 标准箱 斤 立方米 微克/立方米 家 个 个月 个工作日 项 所 套 套(间) "
    "套（间） 台(套) 台（套） 间 户 人 人次 名 位 座 条 处 件 部 张 场 场次 批 批次 台 辆 列 班次 "
    "次 支 组 款 枚 根 栋 只 头 天 周 小时 分钟 岁 类 大类 省 市 篇 册 床 亿度"
)
UNITS = sorted(set(_UNIT_WORDS.split()), key=len, reverse=True)
_SCALES = ["万亿", "千万", "百万", "万", "亿", "千", "百"]
_SCALE_FACTOR = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "万": 1e4, "亿": 1e8}
_SCALE_FACTOR |= {"千": 1e3, "百": 1e2}
# Units that start with a scale character but are base units themselves.
_NOT_SCALED = ("千瓦", "千米", "百分点")

_ARABIC = r"(?:[0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?![0-9０-９])|[0-9０-９]+)(?:[.．][0-9０-９]+)?"
_CN = f"[{CN_NUMERAL_CHARS}]+"
_NUM = f"(?:{_ARABIC}|{_CN})"
_DASH = r"(?:[-—–~～至到－]|——)"
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_SCALE_RE = "|".join(_SCALES)
_PRE_WORDS = sorted(
    [
        "约合",
        "约",
        "大约",
        "近",
        "接近",
        "超过",
        "超",
        "突破",
        "逾",
        "不低于",
        "不少于",
        "不超过",
        "不高于",
        "低于",
        "控制在",
    ],
    key=len,
    reverse=True,
)
_PRE_BY_LAST: dict[str, list[str]] = {}
for _word in _PRE_WORDS:
    _PRE_BY_LAST.setdefault(_word[-1], []).append(_word)
# What may follow a Chinese numeral that is a quantity: checked by the regex itself, so
# the many 一/十/两 of running text (统一, 一是) cost one character test, not a parse.
_CN_NEXT = "".join(sorted({u[0] for u in UNITS} | set("余多万亿%％-—–~～至到－")))
_DIGIT = "0-9０-９"
# _ARABIC after its first digit: the mention regex reads that digit with its class.
_ARABIC_REST = (
    rf"(?:[{_DIGIT}]{{0,2}}(?:,[{_DIGIT}]{{3}})+(?![{_DIGIT}])|[{_DIGIT}]*)(?:[.．][{_DIGIT}]+)?"
)
# num [%] [- num] [余|多] [scale] [余|多] [unit] [post-qualifier]; a pre-qualifier
# (约, 超过, 控制在…) is read by looking back, so the pattern starts with a digit class.
# That class is the pattern's very first item, and the Arabic or Chinese reading is
# chosen after it by looking back at it: `re` then skips to the next possible first
# character in C instead of trying a match at every character (3x faster scanning).
MENTION = re.compile(
    rf"(?P<a>[{_DIGIT}{CN_NUMERAL_CHARS}](?:"
    # (?>…): a year or a date (2025年, 10月) is rejected whole, never re-read as 202 + 5年
    rf"(?<=[{_DIGIT}])(?>{_ARABIC_REST})(?![年月日号时]|[0-9])"
    rf"|(?<=[{CN_NUMERAL_CHARS}])[{CN_NUMERAL_CHARS}]*(?=[{re.escape(_CN_NEXT)}])))(?P<pa>%|％)?"
    + rf"(?:(?P<dash>{_DASH})(?P<b>{_NUM}))?"
    + r"(?P<more1>余|多)?"
    # a unit first, so 千瓦 is not read as the scale 千 followed by 瓦
    + rf"(?:(?P<unit>{_UNIT_RE})|(?P<scale>{_SCALE_RE})(?P<more2>余|多)?(?P<unit2>{_UNIT_RE})?)?"
    + r"(?P<post>左右|上下|以上|以内|以下|之内)?"
)
# _read takes the groups by position: in this order
_GROUPS = ("a", "pa", "dash", "b", "more1", "unit", "scale", "more2", "unit2", "post")
assert tuple(MENTION.groupindex) == _GROUPS and MENTION.groups == len(_GROUPS)
_RATIO_COLON = re.compile(r"[0-9０-９][:∶：][0-9０-９]")
_RATIO = re.compile(rf"{_ARABIC}(?:[:∶：]{_ARABIC}){{1,4}}")
# 降 alone also ends 下降, 微降, 略降 and 同比降
_DECLINE = re.compile(r"(?:降|减少|降低|下滑|回落|压减|缩减|减)(?:了)?(?:约|近|超过|超|达)?$")
# The characters _DECLINE can end with: most numbers follow none, and a set test is
# cheaper than slicing the text and running the regex for every number.
_DECLINE_LAST = frozenset("降少低滑落减了约近过超达")
_PRE_QUAL_MAP = {
    "约": Qualifier.approx,
    "约合": Qualifier.approx,
    "大约": Qualifier.approx,
    "近": Qualifier.approx,
    "接近": Qualifier.approx,
    "超过": Qualifier.at_least,
    "超": Qualifier.at_least,
    "突破": Qualifier.at_least,
    "逾": Qualifier.at_least,
    "不低于": Qualifier.at_least,
    "不少于": Qualifier.at_least,
    "不超过": Qualifier.at_most,
    "不高于": Qualifier.at_most,
    "低于": Qualifier.at_most,
    "控制在": Qualifier.at_most,
}
_POST_QUAL_MAP = {
    "左右": Qualifier.approx,
    "上下": Qualifier.approx,
    "以上": Qualifier.at_least,
    "以内": Qualifier.at_most,
    "之内": Qualifier.at_most,
    "以下": Qualifier.at_most,
}
_QUOTE_OPEN = '“‘"「『《'
_QUOTE_CLOSE = '”’"」』》'
_QUOTE_OPEN_CHARS = tuple(_QUOTE_OPEN)  # a tuple: the empty string is not in it
_SAID_TO_BE = re.compile(r"(?:指数|从|至|到|为|达|是|由)$")
# After a Chinese numeral these make a counted label (十大平台, 六方面, 十件民生实事).
_CN_LABEL_AFTER = ("大", "方面", "件", "位一体", "化", "次产业", "产", "项规定")
_CN_SKIP_BEFORE = ("第", "数", "几", "星期", "周", "翻一")
_NAMED_AFTER = re.compile(
    r"(?<=周)年|(?<=个)方面|(?<=位)数|(?<=市)民"
    # 四次全会, and each meeting of a list: 十次、十一次全会
    rf"|(?<=次)(?:、[{CN_NUMERAL_CHARS}0-9]+次)*(?:全会|会议|全体会议|党代会)"
)
_NAMED_AFTER_UNITS = frozenset("周个次位市")  # what _NAMED_AFTER looks behind at: its cheap test
# What follows an age that is a figure which moved (寿命从80.2岁提升至82.5岁).
_AGE_MOVES = frozenset("提增延升到至达为是降减比较")
_LIST_JOINERS = ("、", "和", "及", ",", "，")


class NumberMention(NamedTuple):
    """One quantity of a text: span, value as written, unit, qualifier, sign.

    A named tuple, immutable like a frozen dataclass (mentions are cached and shared)
    but made in one call: a frozen dataclass sets each field through object.__setattr__,
    and every number of every report is made into one."""

    start: int
    end: int
    text: str
    value: float
    value_max: float | None
    unit: str
    qualifier: Qualifier
    declined: bool  # 下降/减少 before the number made value negative


def find_numbers(text: str) -> list[NumberMention]:
    """Every quantity of `text`, sorted by start, never overlapping; GOLD.md non-items dropped."""
    return list(_numbers_of(text))


@lru_cache(maxsize=64)
def _numbers_of(text: str) -> tuple[NumberMention, ...]:
    """find_numbers, kept for the last texts read: in one run the rules read a section,
    then the coverage of the review page or the cross-check reads it again. Few kept,
    so a batch run's memory does not grow with the corpus; mentions are immutable."""
    found: list[NumberMention] = []
    ratio_spans = _ratio_spans(text)
    for start, end in ratio_spans:
        found.extend(_ratio_parts(text, start, end))
    ratio_ends = [end for _, end in ratio_spans]
    taken_until = 0
    for match in MENTION.finditer(text):
        if match.start() < taken_until:
            continue
        if ratio_ends:
            a_start = match.start("a")
            i = bisect.bisect_right(ratio_ends, a_start)
            if i < len(ratio_spans) and ratio_spans[i][0] < match.end("a"):
                continue  # a part of 9.7:47.3:43, already read as a ratio
        mention = _read(text, match)
        if mention is not None:
            found.append(mention)
            taken_until = mention.end
    found.sort(key=lambda m: m.start)
    return tuple(_share_across_lists(text, found))


def _share_across_lists(text: str, found: list[NumberMention]) -> list[NumberMention]:
    """`分别下降9.62%、10.47%` and `分别增长4.5%、5.5%左右`: one verb or word serves the list."""
    for i in range(1, len(found)):
        prev, cur = found[i - 1], found[i]
        if text[prev.end : cur.start] not in _LIST_JOINERS or prev.unit != cur.unit:
            continue
        if prev.declined and not cur.declined and cur.value > 0:
            vmax = -cur.value_max if cur.value_max is not None else None
            found[i] = cur = cur._replace(value=-cur.value, value_max=vmax, declined=True)
    for i in range(len(found) - 2, -1, -1):
        cur, nxt = found[i], found[i + 1]
        if text[cur.end : nxt.start] not in _LIST_JOINERS:
            continue
        base = to_base(1, nxt.unit)[1]
        if cur.unit in _SCALES and base and base != nxt.unit:
            # 1.28万亿、1.18万亿、8200亿元: the 元 written once serves the whole list
            found[i] = cur = cur._replace(unit=cur.unit + base)
        if cur.unit != nxt.unit:
            continue
        shared = text[nxt.end - 2 : nxt.end] in _POST_QUAL_MAP  # 左右 written once, after the list
        if cur.qualifier is Qualifier.exact and shared:
            found[i] = cur._replace(qualifier=nxt.qualifier)
    return found


def _ratio_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ratios (9.7:47.3:43), found from their colons: digits are everywhere."""
    spans: list[tuple[int, int]] = []
    for colon in _RATIO_COLON.finditer(text):
        if spans and colon.start() < spans[-1][1]:
            continue
        start = colon.start() + 1
        while start > 0 and (text[start - 1].isdigit() or text[start - 1] in ".．"):
            start -= 1
        found = _RATIO.match(text, start)
        if found and _is_ratio(found.group()):
            spans.append(found.span())
    return spans


def _is_ratio(span: str) -> bool:
    parts = re.split(r"[:∶：]", span)
    if ":" in span and all(len(p) <= 2 and p.isdigit() for p in parts):
        return False  # 10:04:26 is a clock time
    if len(parts) >= 3:
        return True
    return any("." in p or "．" in p for p in parts)  # 9:30 is a clock time, 1∶3.4 a ratio


def _ratio_parts(text: str, start: int, end: int) -> list[NumberMention]:
    out = []
    for part in re.finditer(_ARABIC, text[start:end]):
        s, e = start + part.start(), start + part.end()
        value = _arabic_value(part.group())
        out.append(NumberMention(s, e, text[s:e], value, None, "", Qualifier.exact, False))
    return out


def _arabic_value(span: str) -> float:
    if not span.isascii():  # full-width digits are rare; translating costs on every number
        span = span.translate(_FULL_WIDTH)
    return float(span.replace(",", ""))


def _value(span: str) -> float | None:
    if span[0] in CN_NUMERAL_CHARS:
        number = read_cn_integer(span)
        return None if number is None else float(number)
    return _arabic_value(span)


def _pre_word(text: str, at: int) -> str | None:
    for word in _PRE_BY_LAST.get(text[at - 1 : at], ()):
        if text.startswith(word, at - len(word)):
            return word
    return None


def _read(text: str, m: re.Match[str]) -> NumberMention | None:
    # every group at once, by position: a lookup per group by name cost a tenth of parsing
    a, pa, _, b, more1, unit1, scale, more2, unit2, post = m.groups()
    unit = _unit(a, pa, scale, unit1 or unit2)
    if unit is None:
        return None
    start, end = m.span()
    pre = _pre_word(text, start)
    if not _plausible(text, a, start, end, unit, pre):
        return None
    value, value_max = _value(a), _value(b) if b else None
    if value is None or (b and value_max is None):
        return None
    if b and (b[0] in CN_NUMERAL_CHARS) != (a[0] in CN_NUMERAL_CHARS):
        return None
    qualifier = _qualifier(post, more1 or more2, pre)
    declined = _declined(text, start)
    if declined:
        value = -value
        value_max = -value_max if value_max is not None else None
    start -= len(pre or "")
    return NumberMention(start, end, text[start:end], value, value_max, unit, qualifier, declined)


def _declined(text: str, at: int) -> bool:
    """Whether 下降/减少 (…) comes right before `at`: the number is a decline."""
    if at == 0 or text[at - 1] not in _DECLINE_LAST:
        return False
    return _DECLINE.search(text[max(0, at - 8) : at]) is not None


def _unit(a: str, pa: str | None, scale: str | None, unit: str | None) -> str | None:
    """The unit as written (scale + unit, 余/多 left out), None when the mention has none."""
    unit = unit or ""
    if pa:
        if unit and unit != "%":
            return None  # 5%个 is two things, not one quantity
        return "%"
    if not unit and not scale:
        decimal = "." in a or "．" in a
        return "" if decimal and a[0] not in CN_NUMERAL_CHARS else None
    return (scale or "") + unit


def _is_ascii_alnum(char: str) -> bool:
    """[A-Za-z0-9.] without a regex call: asked before every number."""
    return char.isascii() and (char.isalnum() or char == ".")


def _plausible(text: str, a: str, start: int, end: int, unit: str, pre: str | None) -> bool:
    """False for GOLD.md's non-quantities: years, dates, ranks, names, labels.
    The number `a` is text[start:...] and its mention ends at `end`."""
    before = text[max(0, start - 3) : start]
    after = text[end : end + 2]
    if pre is None and start > 0 and _is_ascii_alnum(text[start - 1]):
        return False  # PM2.5, G20, C919
    if after[:1].isascii() and after[:1].isalpha() and unit in ("", "个", "家"):
        return False
    a_end = start + len(a)
    letter = text[a_end : a_end + 1]
    if letter.isascii() and letter.isalpha():
        return False  # 5G, 4A级, 3D
    if before.endswith(("第", "前", "排名")):
        return False
    if unit == "岁" and "\u3400" <= after[:1] <= "\u9fff" and after[0] not in _AGE_MOVES:
        return False  # 0—6岁儿童, 60岁以上老人: who is meant, not a figure (寿命79岁 is one)
    if before.endswith("连续") or (unit and after[:1] == "级"):
        return False  # 连续5个季度: a streak; 30万吨级泊位: a size class, a name
    if before and before[-1] in _QUOTE_OPEN and not (unit and text[end : end + 1] in _QUOTE_CLOSE):
        return False  # “1269”行动 is a name; “18条” (措施) counts measures
    if unit == "" and not _SAID_TO_BE.search(before):
        return False  # a bare decimal is a version (3.0方案) unless something is said to be it
    if text[end - 1] in _NAMED_AFTER_UNITS and _NAMED_AFTER.match(text, end):
        return False  # 75周年, 四次全会, 两位数, 12345市民: part of a name or a phrase
    if a[0] in CN_NUMERAL_CHARS:
        return _plausible_cn(text, a, a_end, end, unit, before, pre)
    return True


def _plausible_cn(
    text: str, a: str, a_end: int, end: int, unit: str, before: str, pre: str | None
) -> bool:
    if not unit or a == "一" or a[0] in "零〇":
        return False  # 一个, 一批, 一家: an article far more often than a count; 零部件
    if not any(c not in "十百千" for c in a) and a != "十":
        return False  # 千亿, 百家: a bare 百/千 with no digit
    if before.endswith(_CN_SKIP_BEFORE) or (before.endswith("翻") and a == "一"):
        return False
    if text.startswith(_CN_LABEL_AFTER, a_end):
        return False
    # 两个“确保”: a numbered slogan, not a count
    return not (pre is None and text[end : end + 1] in _QUOTE_OPEN_CHARS)


def _qualifier(post: str | None, more: str | None, pre: str | None) -> Qualifier:
    if post:
        return _POST_QUAL_MAP[post]  # the explicit word wins over 控制在
    if more:
        return Qualifier.at_least
    return _PRE_QUAL_MAP[pre] if pre else Qualifier.exact


def to_base(value: float, unit: str) -> tuple[float, str]:
    """Undo the scale of a unit as written: (1.3, 万人) -> (13000, 人); % stays %."""
    factor, base = _scale_of(unit)
    return (value, unit) if factor is None else (value * factor, base)


@lru_cache(maxsize=1024)
def _scale_of(unit: str) -> tuple[float | None, str]:
    """(factor, base unit) of a scaled unit, (None, unit) of a base one: units are few,
    and lists and the eval ask this of every pair of numbers."""
    if unit.startswith(_NOT_SCALED):
        return None, unit
    for scale in _SCALES:  # longest first: 万亿 before 万
        if unit.startswith(scale):
            return _SCALE_FACTOR[scale], unit[len(scale) :]
    return None, unit


@lru_cache(maxsize=1024, typed=True)
def value_written_in(value: float, quote: str) -> bool:
    """Whether `value` (or its absolute value: declines) is one of the numbers of `quote`.

    Kept for the last items asked of: grounding asks it of every item of a report, then
    the cross-check asks it again of the same items (typed: 5 and 5.0 are written alike
    today, but a key should not depend on it)."""
    target = abs(value)
    for form in _written_forms(target)[:2]:  # the common case without a full parse
        if _written_whole(form, quote):
            return True
    for mention in find_numbers(quote):
        for v in (mention.value, mention.value_max):
            if v is not None and _same(abs(v), target):
                return True
    return any(_written_whole(form, quote) for form in _written_forms(target))


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _written_whole(form: str, quote: str) -> bool:
    """`form` in `quote` as a whole number: 47.1 is not written in 447.1 (no regex to
    compile per value: grounding asks this for every item)."""
    at = quote.find(form)
    while at >= 0:
        before = quote[at - 1 : at]
        after = quote[at + len(form) : at + len(form) + 2]
        whole_before = not (before.isdigit() or before in (".", "．"))
        whole_after = not (
            after[:1].isdigit() or (after[:1] in (".", "．") and after[1:].isdigit())
        )
        if whole_before and whole_after:
            return True
        at = quote.find(form, at + 1)
    return False


@lru_cache(maxsize=4096)
def _written_forms(value: float) -> tuple[str, ...]:
    """Spellings of a value: the plain ones first, then those for quotes the parser
    does not read as quantities."""
    plain = [f"{value:g}"] + ([str(int(value))] if value == int(value) else [f"{value}"])
    forms = {f"{value:.1f}", f"{value:.2f}"}
    if value == int(value):
        forms.add(str(int(value)))
        if value >= 1000:
            forms.add(f"{int(value):,}")
        if 0 < value < 10_000:
            forms.add(format_cn_integer(int(value)))
        if value == 2:
            forms.add("两")
    return tuple(plain) + tuple(sorted(forms - set(plain)))
