"""The headline list of 主要预期目标: where it is, and its qualitative targets.

The list is one paragraph after `主要预期目标是：`; its numeric items are found like
any figure (and flagged main), its items without a number (`进出口稳中提质`) only here.
"""

from __future__ import annotations

import re

from extract.canonical import canonical_code
from extract.rules import indicators as ind
from schemas.items import Measure, Target

_OPENING = re.compile(
    r"(?:主要预期目标|主要目标|预期目标|主要指标)\s*(?:建议)?\s*(?:是|为)?\s*[:：]|主要预期目标\s*是"
    r"|今年预期目标\s*\n"
)
# A five-year plan's goals (“十五五”时期…主要目标是) are not the year's headline list.
_FIVE_YEAR_GOALS = re.compile(r"十[一二三四五六]五.{0,4}(?:时期|期间|发展的)|五年|规划|纲要|远景")
_THIS_YEAR = re.compile(r"今年|明年|(?:19|20)[0-9]{2}年")
_QUALITATIVE = re.compile(
    r"(?:增长|增速)?(?:与|和)经济增长(?:基本|保持)?同步|增速与经济增速同步|同步|稳中提质|促稳提质|"
    r"稳中有进|稳中向好|稳中有升|保持衔接|(?:进一步|持续|稳步)?下降|"
    r"完成(?:国家|省|市|区|县)?(?:下达|考核)?(?:的)?(?:目标|任务|指标)(?:任务)?|"
    r"达到(?:国家|省|市)(?:下达)?(?:的)?(?:要求|目标|任务)|平稳向好|(?:持续|明显)?改善|"
    r"保持(?:优秀|良好|稳定)(?:水平)?|(?:的)?序时进度|考核目标|只增不减|高于(?:经济|全国|全省|城镇)|"
    r"(?:保持在|达到)?(?:全国|全省)?平均水平以上|控制在(?:国家|省|市)?下达(?:的)?目标(?:内|以内)?|"
    r"(?:保持)?合理(?:水平|回升)|(?:实现)?正增长"
)
# A line that goes on a list: 1. / （一） / 一是 / —— / ■ before an indicator.
_LIST_LINE = re.compile(
    r"[ \t\u3000]*(?:[0-9]{1,2}[.、．]|[（(][一二三四五六七八九十0-9]{1,3}[)）]|"
    r"[一二三四五六七八九十]{1,2}[是、]|——|[■●•·-])"
)
_GROWTH = re.compile(r"增长|增速|下降|降低|减少|减排|改善|回升")
# Where the predicate of a qualitative item starts: its indicator is what comes before.
_PREDICATE_START = re.compile(
    r"(?:增长|增速)?(?:与|和)经济(?:增长|增速)|达到|完成|保持|稳中|促稳|进一步|持续|平稳|"
    r"稳定|符合|下降|降低|衔接|与国家|改善|高于|只增不减|控制在|合理|实现正增长|正增长"
)
_NOT_AN_INDICATOR = re.compile(r"^(?:努力|争取|力争|实际工作中|我们|在实际工作中)")


def headline_spans(text: str, before: str = "") -> list[tuple[int, int]]:
    """(start, end) of each 主要预期目标 list of `text`: the paragraph after its opening.

    `before` is the text just before `text` (a heading may be cut from its sentence).
    """
    spans = []
    for opening in _OPENING.finditer(text):
        if _opens_five_year_goals(before + text[: opening.start()]):
            continue
        start = opening.end()
        while start < len(text) and text[start] in "\n \u3000\t■●":
            start += 1
        spans.append((start, _list_end(text, start)))
    return spans


def _list_end(text: str, start: int) -> int:
    """End of the paragraph at `start`, and of the list lines after it (`1.地区生产总值…`)."""
    end = text.find("\n", start)
    while end >= 0 and _LIST_LINE.match(text, end + 1):
        end = text.find("\n", end + 1)
    return len(text) if end < 0 else end


def _opens_five_year_goals(lead: str) -> bool:
    """`“十五五”时期经济社会发展的主要目标是`: the plan period's goals, not the year's."""
    lead = lead.rstrip()
    boundary = lead.rfind("。")
    lead = re.sub(r"\s+", "", lead[boundary + 1 :])[-40:]
    return bool(_FIVE_YEAR_GOALS.search(lead)) and not _THIS_YEAR.search(lead)


def qualitative_targets(
    text: str, span: tuple[int, int], year: int | None, offset: int
) -> list[Target]:
    """Targets with no number in the first sentence of a headline list."""
    start, end = span
    stop = text.find("。", start, end)
    end = end if stop < 0 else stop
    out: list[Target] = []
    at = start
    for clause in re.split(r"([，,；;\n])", text[start:end]):
        marker = _LIST_LINE.match(clause)
        cut = marker.end() if marker else 0  # `3.进出口稳中提质`: the list number is no figure
        body = clause[cut:]
        if body and body not in "，,；;\n" and not re.search(r"[0-9]", body):
            out.extend(_from_clause(text, at + cut, body, year, offset))
        at += len(clause)
    return out


def _parts(words: str) -> list[tuple[int, str]]:
    """`A和B稳中提质` names two indicators; `A、B等指标` too, each an 指标;
    `水、空气等生态环境质量主要指标` is one name."""
    if re.search(r"等.+", words) and not words.endswith("等指标"):
        return [(0, words)]
    if words.endswith("等指标"):
        return [
            (at, p if p.endswith("指标") else p + "指标")
            for at, p in ind.split_list_any(words[: -len("等指标")])
            if p
        ]
    parts = ind.split_list_any(words)
    if len(parts) > 1 and all(ind.clean(p) for _, p in parts):
        return parts
    return [(0, words)]


def _from_clause(text: str, at: int, clause: str, year: int | None, offset: int) -> list[Target]:
    named = _handed_down(clause) or _named_before(clause)
    if named is None:
        return []
    first, words, growth = named
    out = []
    for part_at, part in _parts(words):
        name = ind.clean(part)
        if not name:
            continue
        quote_start = at + first + part_at
        out.append(
            Target(
                indicator=name,
                canonical=canonical_code(name),
                measure=Measure.growth if growth else Measure.level,
                value=None,
                quote=text[quote_start : at + len(clause)],
                year=year,
                main=True,
                start=offset + quote_start,
                end=offset + at + len(clause),
            )
        )
    return out


def _named_before(clause: str) -> tuple[int, str, bool] | None:
    """`进出口稳中提质`: (where the words start, the words naming the indicators, growth)."""
    predicate = _QUALITATIVE.search(clause)
    if predicate is None or _NOT_AN_INDICATOR.match(clause):
        return None
    first = _PREDICATE_START.search(clause)
    if first is not None and first.start() < predicate.start():
        predicate = first
    words = clause[: predicate.start()]
    if not words:
        return None
    growth = bool(_GROWTH.search(predicate.group())) or words.endswith(("增长", "增速"))
    words = re.sub(r"(?:增长|增速)$", "", words)
    growth = growth or "增速" in clause[: predicate.start() + 2]
    return 0, ind.strip_predicate(words)[0] or words, growth  # 进出口总额力争(保持正增长)


# `完成国家下达的单位地区生产总值二氧化碳排放降低目标`: the indicator follows the verb.
_HANDED_DOWN = re.compile(
    r"(?:确保|全面|努力)?完成(?:国家|省|市|自治区)(?:下达|确定)的(.+?)(降低|下降|改善)?(?:目标|任务)(?:任务)?"
)


def _handed_down(clause: str) -> tuple[int, str, bool] | None:
    found = _HANDED_DOWN.fullmatch(clause)
    if found is None:
        return None
    words = found.group(1).removesuffix("等")  # 节能减排和环境保护等任务: both named
    return found.start(1), words, found.group(2) is not None
