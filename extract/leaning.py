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

_PLAN = re.compile(
    r"今年|新的一年|明年|主要预期目标|预期目标|主要目标|目标任务|力争|下一步|展望|工作安排|总体要求"
    r"|重点抓好|重点做好|着力抓好|确保完成|将(?:围绕|聚焦|坚持|以|在|重点|持续|继续|全力|大力|加快|着力)"
)
_REVIEW = re.compile(
    r"过去一年|一年来|去年|过去五年|五年来|回顾|预计|全年(?:完成|实现)|同比|比上年|较上年|取得|"
    r"完成了|实现了|荣获|获评|成功|圆满完成"
)
# Title and date lines name the report's year without speaking of it.
_META = re.compile(r"工作报告|代表大会|会议上|发布时间|来源[:：]")
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
    plan = len(_PLAN.findall(unit))
    review = len(_REVIEW.findall(unit))
    if year is not None and not _META.search(unit):
        plan += unit.count(f"{year}年")
        review += unit.count(f"{year - 1}年")
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
