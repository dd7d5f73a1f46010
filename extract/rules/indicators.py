"""The indicator a number belongs to, read from the words around it.

Reports write `地区生产总值增长5.3%左右` (indicator, verb, number), `引进1—2个“5020”项目`
(verb, count, noun) and `A、B分别增长x%、y%` (a list served by one verb). The indicator
is the text naming what is measured, without the verb or the number (GOLD.md); the
verb that was taken off says whether the figure is a growth rate or a level.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.canonical import canonical_code
from extract.numbers import NumberMention
from extract.rules.text import is_cjk, run_forward, words_start

# Taken off the end of the words before a number, repeatedly (longest alternatives first):
# optional word groups, in this order, then the end.
_TAIL_GROUPS = (
    # adverbs: how, since when, on what basis (同口径, 实际: real terms), how steadily
    # (继续, 连续9年, 接连), none part of what is measured
    "比上年|较上年|同比|比去年|与上年相比|年均|预计|分别|累计|平均|再|均|各|双双|总体|整体|可比|按|"
    "连续[0-9一二三四五六七八九十]{1,2}年|连续|历史性|首次|同口径|实际|继续|持续|接连|逆势|五年|"
    "(?<!每.)每年",  # not 每人每年: that is part of a standard's unit
    "增长|下降|降低|减少|提高|提升|增加|上涨|回落|下滑|缩减|压减|压降|微降|微增|扩大|缩短|翻了|翻|"
    "调整优化|调整|优化",
    "了",
    "到|至|为|达到|达|是|突破|超过|超|近|约|接近|逾|不低于|不少于|不超过|低于|高于|控制在|"
    "保持在|稳定在|维持在|保持|稳定|控制|完成|实现|共|合计|总计|约合|预期|目标|预期增长目标|"
    "力争达到|力争|确保|争取|新增加|增至|降至|提高到|提升到|达到了|迈上|跨上|跃上|跨越|跨过|连跨|"
    "迈过|依然在|仍然在|仍在",
    "由|从",  # 三次产业结构由8.7∶41.2∶50.1: where it started
)
_DATED_VERBS = "是|为|较|比|与|到|至|由|从|达到|增加到|提高到|调整为|下降到"


def _may_start_with(alternatives: str, more: str = "", *, or_end: bool = False) -> str:
    """A lookahead on the first characters of the words (and `more`, or the end): these
    patterns are tried at every start of the words, and at most starts none of the many
    alternatives can begin, which one character test says 3x faster than trying them."""
    firsts = {word[0] for word in alternatives.split("|")} | set(more)
    return "(?=[" + re.escape("".join(sorted(firsts))) + "]" + ("|$)" if or_end else ")")


_TAIL = re.compile(
    _may_start_with("|".join(_TAIL_GROUPS), "每", or_end=True)  # the tail may be empty
    + "".join(f"(?:{group})?" for group in _TAIL_GROUPS)
    + "$"
)
_DATED_TAIL = re.compile(
    _may_start_with(_DATED_VERBS, "12")  # or the year itself
    + rf"(?:{_DATED_VERBS})?"
    + r"(?:19|20)\s?[0-9]\s?[0-9]年(?:[(（]下同[)）])?(?:的|底|末|相比)?$"
)
# Longer than any match of _TAIL or _DATED_TAIL (16 characters; a test checks): both
# are anchored at the end, so a search need not try every earlier start.
_TAIL_REACH = 24
_ONLY_A_RATE = re.compile(r"^(?:同口径|增幅|增速|涨幅|降幅|同比)$")
_HEAD = re.compile(
    r"^(?:[一二三四五六七八九十]+是|其中[,，]?|目前|当前|[(（]?下同[)）]|[■●◆▲]|预计全年|预计|全年|今年|去年|当年|力争|确保|争取|"
    r"努力|要|将|计划|(?:全[省市区县州])?(?:完成|实现|达到)(?!率|额|值|量)|建成|推动|带动|实现了|共|全市共|全区共|"
    r"提出|包括|抓好|"
    r"共有|连续[0-9]+年|"
    r"(?:19|20)[0-9]{2}年(?:度)?(?:全年)?[,，]?|到(?:19|20)[0-9]{2}年[,，]?)+"
)
_GROWTH_WORDS = re.compile(
    r"增长|下降|降低|减少|提高|提升|增加|上涨|回落|下滑|增幅|增速|涨幅|降幅|翻|压减|压降|微降|微增"
)
_LEVEL_AFTER = re.compile(r"(?:提高|提升|增加|下降|降低|减少|增长|扩大|缩短)(?:了)?(?:到|至)")
_INDICATOR_SUFFIX_GROWTH = re.compile(r"(?:涨幅|增幅|增速|降幅|幅度)在?$")  # 涨幅在2%
# What ends an indicator naming a quantity (so `A、B稳定在100%` is two indicators).
_QUANTITY_END = re.compile(
    r"(?:率|额|值|入|量|数|资|出|价格|比重|占比|比例|强度|能耗|规模|产量|面积|总量|收入|支出|"
    r"投资|人数|里程|产值|增加值|消费|就业|指数)$"
)
_SHARED_TAIL = re.compile(
    r"(?:居民(?:人均可支配)?收入|居民人均纯收入|人均可支配收入|产业规模|增加值|营业收入|产值|产量|出口|"
    r"立案数|起数|人数)$"
)
_JOINING_HEAD = re.compile(r"^(?:和|及|与|以及|并|且)(?=.)|^(?:和|及|与|以及|并|且)$")
# 及 inside a word (普及率, 涉及, 惠及, 及时) joins nothing.
_LIST_SPLIT = re.compile(r"、|和|(?<![普涉惠波危顾企])及(?!时)|以及|与")
COUNT_UNITS = frozenset(
    [
        "个",
        "家",
        "所",
        "项",
        "座",
        "条",
        "处",
        "件",
        "部",
        "张",
        "场",
        "名",
        "位",
        "户",
        "套",
        "间",
        "台",
        "辆",
        "支",
        "组",
        "款",
        "枚",
        "根",
        "栋",
        "批",
        "类",
        "只",
        "头",
        "人",
    ]
)


def left_words(text: str, mention: NumberMention, floor: int) -> tuple[int, str]:
    """The words between the last clause break (or `floor`) and the number."""
    i = words_start(text, mention.start, floor)
    return i, text[i : mention.start]


# The words around numbers repeat (增长, 地区生产总值增长, 全市): the pure string steps
# below run for every number of every report, so the last few thousand answers are kept.
@lru_cache(maxsize=4096)
def strip_predicate(words: str) -> tuple[str, str]:
    """(indicator words, the predicate taken off the end)."""
    taken = ""
    for _ in range(4):
        dated = _at_end(_DATED_TAIL, words)  # 是2011年的, 比2012年(下同), 调整为2016年的
        if dated is not None and dated.start() < len(words):
            taken = dated.group() + taken
            words = words[: dated.start()]
        tail = _at_end(_TAIL, words)
        if tail is None or tail.start() == len(words):
            break
        taken = tail.group() + taken
        words = words[: tail.start()]
    return words, taken


def strip_dated(words: str) -> str:
    """`较2015年` -> ``: a base year names no indicator."""
    dated = _at_end(_DATED_TAIL, words)
    return words[: dated.start()] if dated is not None else words


def _at_end(pattern: re.Pattern[str], words: str) -> re.Match[str] | None:
    """pattern.search(words) for a pattern anchored at the end: only the last starts tried."""
    return pattern.search(words, max(0, len(words) - _TAIL_REACH))


@lru_cache(maxsize=4096)
def strip_head(words: str) -> tuple[int, str]:
    head = _HEAD.match(words)
    cut = head.end() if head else 0
    if _ONLY_A_RATE.match(words[cut:]):
        return len(words), ""  # `增幅202%` names no indicator: the one before it is meant
    return cut, words[cut:]


@lru_cache(maxsize=4096)
def growth_from(predicate: str, indicator: str, unit: str) -> bool | None:
    """Whether the words around a number make it a change against an earlier period."""
    if _LEVEL_AFTER.search(predicate):
        return False  # 提高到57.9件 is where it got, a level
    if unit in ("番",):
        return True
    if _GROWTH_WORDS.search(predicate) or _INDICATOR_SUFFIX_GROWTH.search(indicator):
        return True
    return None


def names_a_rate(indicator: str) -> bool:
    """`居民消费价格涨幅`: the name itself says it is a change."""
    return bool(_INDICATOR_SUFFIX_GROWTH.search(indicator))


def right_words(text: str, mention: NumberMention, ceiling: int) -> str:
    """The noun after a count (`4个` + `专业招商工作组`), up to the next break or number."""
    return text[mention.end : run_forward(text, mention.end, ceiling, 24)]


# Where the predicate starts in the words after a count (`18个重点合作事项加快实施`):
# an adverb or verb that follows a subject; not when it begins a noun (建成区, 完成率).
_RIGHT_PREDICATE = re.compile(
    r"(?:加快|有序|顺利|基本|如期|按期|全面|全部|均|分别|累计|已|正在|稳步|扎实|率先|陆续|"
    r"全覆盖|建成|完成|实现|取得|开展|入驻|荣获|获|上榜|入选|投入|投用|投产|落地|开工|竣工|"
    r"通过|纳入|达到|达|覆盖|惠及)(?!率|区|额|量|值|面积|方案)"
)
# A predicate that only says the things are under way: the name does without it.
_PROGRESS_ONLY = re.compile(
    r"(?:加快|有序|顺利|稳步|扎实|基本|如期|按期|全面|全部|均|已|已经|正在|陆续)*"
    r"(?:推进|实施|兑现|铺开|完成|落实|到位|取得(?:了)?(?:积极|明显|重要|阶段性)?(?:进展|成效))?"
)
# `新增3个产业集群、总数达13个`: after the 、 the next figure's words begin.
_NEXT_CLAUSE = re.compile(r"、(?=总数|总量|累计|共|占|增长|达)")
_TRAILING_JOINER = re.compile(r"(?:和|及|与|以及|或)$")


@lru_cache(maxsize=4096)
def subject_of(right: str, keep_predicate: bool) -> str:
    """The name of what a count counts, from the words after it.

    `18个重点合作事项加快实施`: the noun; `99个项目建成投产`: the predicate says which
    ones are counted and goes first (建成投产项目), as GOLD.md's analysts write it.
    `181项检验结果和300项…`: the joiner before the next count goes."""
    right = _TRAILING_JOINER.sub("", _NEXT_CLAUSE.split(right, 1)[0])
    found = _predicate_start(right)
    if found is None:
        return right
    noun, predicate = right[: found.start()], right[found.start() :]
    predicate = predicate.split("、", 1)[0]
    if not keep_predicate or _PROGRESS_ONLY.fullmatch(predicate):
        return noun
    return predicate + noun


def _predicate_start(right: str) -> re.Match[str] | None:
    """The first predicate word outside quotation marks (`“三年全面提升”项目开工`)."""
    for found in _RIGHT_PREDICATE.finditer(right, 2):  # a name is at least two characters
        before = right[: found.start()]
        if before.count("“") <= before.count("”"):
            return found
    return None


def is_modifier(text: str, mention: NumberMention) -> bool:
    """`10亿元以上重大项目`, `收入过100万元的村`: an amount that describes, not a figure.

    Counts and shares before a noun are figures (`20项以上互认资质`, `80%的县级医院`).
    """
    after = text[mention.end : mention.end + 2]
    if mention.unit in ("小时", "分钟") and after[:1] and is_cjk(after[0]):
        # 15分钟生活圈, 24小时书房: a name; 由18小时缩短到5小时: a duration that changed
        return not after.startswith(_DURATION_CHANGES)
    if after.startswith("规模") or not is_amount(mention.unit):
        return after.startswith("级")  # 3.0级; the parser reads no 30万吨级 at all
    if text[mention.start - 1 : mention.start] == "或":
        return True  # 总投资超30亿元或3亿美元产业项目: a threshold
    if _names_a_plant(text, mention):
        return True
    if after.startswith("的"):
        return True
    before = text[mention.start - 1 : mention.start]
    bucket = mention.text.endswith(("以上", "以下")) or before in ("超", "过")
    if bucket and after[:1] and is_cjk(after[0]):
        return not after.startswith(("和", "及", "或"))
    return after.startswith(("或", "至", "到"))


# Units of a plant's capacity (`年产150万吨芳烃项目`, `120万吨乙烯项目`).
_CAPACITY_UNITS = ("吨", "千瓦", "瓦", "立方米", "方", "标箱", "辆", "台")
_PLANT = re.compile(r"[\u3400-\u9fff][^，,。；;：:\n]{0,30}?项目")


def _names_a_plant(text: str, mention: NumberMention) -> bool:
    """A capacity followed by what is made and 项目 names a project, not a figure."""
    if not mention.unit.endswith(_CAPACITY_UNITS):
        return False
    return _PLANT.match(text, mention.end) is not None


_DURATION_CHANGES = ("缩短", "压缩", "减少", "降", "延长", "提高", "增加", "到", "至", "以内")


def is_amount(unit: str) -> bool:
    amounts = ("元", "美元", "亩", "平方米", "平方公里", "公顷", "吨", "千瓦", "人民币", "万", "亿")
    return unit.endswith(amounts)


@lru_cache(maxsize=4096)
def split_list(words: str) -> tuple[tuple[int, str], ...]:
    """`城镇调查失业率和登记失业率` -> both, with their offsets; one part if not a list.

    A tuple: the answer is cached (kept like strip_predicate's), so callers share it."""
    parts: list[tuple[int, str]] = []
    at = 0
    for sep in _LIST_SPLIT.finditer(words):
        parts.append((at, words[at : sep.start()]))
        at = sep.end()
    parts.append((at, words[at:]))
    good = tuple(p for p in parts if p[1])
    if len(good) < 2 or not all(_QUANTITY_END.search(p[1]) for p in good):
        return ((0, words),)
    if words.endswith(("等指标", "等")):
        return ((0, words),)
    return good


_SECTOR_RUN = re.compile(r"(第)?一(、?)二\2三(产业|产)(.+)")


def split_list_any(words: str) -> list[tuple[int, str]]:
    """Split a list of names whatever they end with (the `分别` frame says it is a list).

    A short first name borrows the last one's noun: `城镇、农村居民人均可支配收入`.
    """
    sectors = _SECTOR_RUN.fullmatch(words)
    if sectors is not None:  # 一二三产增加值: the three sectors, each with the noun
        first, noun = sectors.group(1) or "", sectors.group(3) + sectors.group(4)
        return [(0, first + digit + noun) for digit in "一二三"]
    parts: list[tuple[int, str]] = []
    at = 0
    for sep in _LIST_SPLIT.finditer(words):
        parts.append((at, words[at : sep.start()]))
        at = sep.end()
    parts.append((at, words[at:]))
    parts = _share_head(parts)
    tail = _SHARED_TAIL.search(parts[-1][1])
    if tail is None or len(parts) < 2:
        return parts
    return [
        (a, p + tail.group() if p and not _QUANTITY_END.search(p) and len(p) <= 4 else p)
        for a, p in parts[:-1]
    ] + [parts[-1]]


def _share_head(parts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """`12345热线诉求解决率、满意率`: a short later name borrows the first one's head."""
    if len(parts) < 2:
        return parts
    first = parts[0][1]
    out = [parts[0]]
    for at, part in parts[1:]:
        # a known quantity (税收收入 after 一般公共预算收入) is whole already
        borrow = 0 < len(part) <= 4 and len(first) > len(part) + 1 and first[-1] == part[-1]
        borrow = borrow and canonical_code(part) is None
        out.append((at, first[: -len(part)] + part if borrow else part))
    return out


_LEADING_COUNT = re.compile(r"^(?:累计)?(?:新增|净增|新引进|新培育|新认定|新建|新签约)")
_TRAILING_COUNT = re.compile(r"(?:新增|净增|新建)$")


def strip_counting_verb(indicator: str) -> str:
    """`净增规上工业企业`, `外卡POS机新增` -> the stock they count, not the flow."""
    return _TRAILING_COUNT.sub("", _LEADING_COUNT.sub("", indicator))


def counting_verb(indicator: str) -> str:
    """The word opening `indicator` that says what is counted (`新引进`), or ``."""
    found = _LEADING_COUNT.match(indicator)
    return found.group() if found else ""


@lru_cache(maxsize=4096)
def clean(indicator: str) -> str:
    """Trim punctuation, quotes and a joining word left at the ends by the cuts."""
    name = indicator.strip(" \u3000,，、:：；;（(）)的了").strip()
    return _JOINING_HEAD.sub("", _RATE_IN.sub("", name))


# `涨幅在2%左右`, `参保率在95%以上`: the 在 after a rate is the verb's (a bare 在 among the
# tail words would also eat `七是在500个村`).
_RATE_IN = re.compile(r"(?<=[幅率值格])在$")
