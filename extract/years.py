"""Which year a report is for, from its title, date line, headings or wording.

A report delivered in early year Y is "for" Y: its review speaks of Y-1 and its
plan of Y. Evidence in order of trust: a dated heading (`一、2023年工作回顾`
gives 2024), the title (`2024年…政府工作报告`), the date line
(`——2024年1月20日在…`; a November or December session opens the next year), and
for news without either, the years the text talks about.
"""

from __future__ import annotations

import re
from collections import Counter

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_TITLE_YEAR = re.compile(
    r"^[(（]?[^()（）\n]{0,8}[)）]?\s*((?:19|20)\d\d)\s*年[^，,。：:\n]{0,16}?"
    r"(?:政府工作报告|国民经济和社会发展计划)",
    re.M,
)
_DATE_LINE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*\d{1,2}\s*日\s*在")
_REVIEWED = re.compile(r"回顾(?:了)?[^，,。\n]{0,10}?((?:19|20)\d\d)\s*年")
_FIVE_YEARS = re.compile(r"十[一二三四五六七]五|今后五年|未来五年|五年来|过去五年")
_FIRST_YEAR = re.compile(r"开好局|起好步|开局之年|第一年|首年")
_TITLE_WORDS = re.compile(r"政府工作报告|工作报告|国民经济和社会发展计划|名词解释")
HEAD_LINES = 12  # titles and date lines sit at the top of a report


def _head(text: str) -> str:
    return "\n".join(text.split("\n", HEAD_LINES)[:HEAD_LINES])


def year_in(text: str) -> int | None:
    """The first year written in `text` (`2023年工作情况` -> 2023)."""
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def speaks_of_five_years(heading: str) -> bool:
    # `推动“十五五”开好局、起好步`: the plan's first year, the report's own
    return bool(_FIVE_YEARS.search(heading)) and not _FIRST_YEAR.search(heading)


def title_year(text: str) -> int | None:
    match = _TITLE_YEAR.search(_head(text))
    return int(match.group(1)) if match else None


def date_line_year(text: str) -> int | None:
    match = _DATE_LINE.search(text[:3000])
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return year + 1 if month >= 11 else year


def mentioned_year(text: str) -> int | None:
    """For news without title or date: the year after the one it reviews (`回顾了2024年工作`),
    else the latest year talked about near the most frequent one."""
    reviewed = _REVIEWED.search(text[:20000])
    if reviewed:
        return int(reviewed.group(1)) + 1
    counts = Counter(int(y) for y in _YEAR.findall(text[:20000]))
    if not counts:
        return None
    common = counts.most_common(1)[0][0]
    return max(y for y in counts if y <= common + 1)


def find_title(text: str) -> str | None:
    """The line naming the report near the top, else the first line."""
    lines = [line.strip() for line in _head(text).split("\n") if line.strip()]
    for line in lines:
        if _TITLE_WORDS.search(line) and len(line) <= 80:
            return line
    return lines[0][:80] if lines else None
