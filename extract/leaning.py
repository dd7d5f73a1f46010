"""Does a stretch of text look back at the past year or ahead to the coming one?

Used where there are no headings to tell: news articles about a report, and a
report's unheaded opening. Text is read paragraph by paragraph (sentence by
sentence in long paragraphs); each unit leans to review or plan by its words
and keeps the previous unit's side when it has none, so the cut falls where the
text turns (`2025年，…将`, `今年`, `新的一年`, `主要预期目标`).
"""

from __future__ import annotations

import re

from schemas.report import SectionRole

# Words that look ahead or back, with weights: a strong cue (今年, 过去一年) says
# more than a word plans and reviews share (完成, 将).
_PLAN_STRONG = re.compile(
    r"今年|新的一年|明年|主要预期目标|预期目标|主要目标|目标任务|力争|下一步|展望|工作安排|总体要求"
    r"|重点抓好|重点做好|着力抓好|确保完成|增长目标"
)
_PLAN_WEAK = re.compile(r"将|预期|计划|目标|确保")
_REVIEW_STRONG = re.compile(
    r"过去一年|一年来|去年|过去五年|五年来|回顾|预计|全年(?:完成|实现)|比上年|较上年|圆满完成"
)
_REVIEW_WEAK = re.compile(r"同比|取得|完成了|实现了|荣获|获评|成功|达到|位居|居全")
_STRONG = 3
# Title and date lines name the report's year without speaking of it.
_META = re.compile(r"工作报告|代表大会|会议上|发布时间|来源[:：]")
_META_MAX = 120
_OPENING_YEAR = re.compile(
    r"\s*[^，,。\n]{0,8}?((?:19|20)\d\d)年[，,是]"
)  # only short lines are titles or date lines
_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」]?|$)")
_LONG_PARAGRAPH = 600
_MIN_RUN = 60  # a shorter run between two runs of one side joins them


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs, or sentences of long paragraphs, as (start, end) covering start..end."""
    units: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop + 1
        if stop - pos > _LONG_PARAGRAPH:
            units.extend(
                (m.start(), m.end())
                for m in _SENTENCE.finditer(text, pos, stop)
                if m.end() > m.start()
            )
        else:
            units.append((pos, stop))
        pos = stop
    return units


def lean(unit: str, year: int | None) -> int:
    """Positive: about the coming period; negative: about the past one."""
    plan = _STRONG * len(_PLAN_STRONG.findall(unit)) + len(_PLAN_WEAK.findall(unit))
    review = _STRONG * len(_REVIEW_STRONG.findall(unit)) + len(_REVIEW_WEAK.findall(unit))
    if year is not None and not (len(unit) <= _META_MAX and _META.search(unit)):
        plan += _STRONG * unit.count(f"{year}年")
        review += _STRONG * unit.count(f"{year - 1}年")
        # A paragraph opening with a year (`2025年，…将`) is about that year.
        opening = _OPENING_YEAR.match(unit)
        if opening and int(opening.group(1)) == year:
            plan += 2 * _STRONG
        elif opening and int(opening.group(1)) == year - 1:
            review += 2 * _STRONG
    return plan - review


def flat_runs(
    text: str, start: int, end: int, year: int | None
) -> list[tuple[int, int, SectionRole]]:
    """(start, end, role) runs covering text[start:end]; text before any lean is `other`."""
    labelled: list[tuple[int, int, SectionRole]] = []
    role = SectionRole.other
    for u_start, u_end in _units(text, start, end):
        score = lean(text[u_start:u_end], year)
        if score:
            role = SectionRole.plan if score > 0 else SectionRole.review
        labelled.append((u_start, u_end, role))
    return _merge(_absorb_short(_merge(labelled)))


def _merge(runs: list[tuple[int, int, SectionRole]]) -> list[tuple[int, int, SectionRole]]:
    merged: list[tuple[int, int, SectionRole]] = []
    for start, end, role in runs:
        if merged and merged[-1][2] == role:
            merged[-1] = (merged[-1][0], end, role)
        else:
            merged.append((start, end, role))
    return merged


def _absorb_short(runs: list[tuple[int, int, SectionRole]]) -> list[tuple[int, int, SectionRole]]:
    """A short run between two runs of the same side takes their side."""
    out = list(runs)
    for i in range(1, len(out) - 1):
        start, end, _role = out[i]
        if end - start < _MIN_RUN and out[i - 1][2] == out[i + 1][2]:
            out[i] = (start, end, out[i - 1][2])
    return out
