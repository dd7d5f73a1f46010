"""Hard-wrapped text: line breaks that a fixed page width put inside sentences.

PDF text layers and some web copies break every line at the same display width,
even inside a number (`34\\n0亿元`) or a word. Such a text is recognised by the
share of its long lines that end at one width; their breaks are removed so a
paragraph reads as one line again. Texts written a paragraph a line are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

_MIN_WIDTH = 40  # narrower lines are headings, list items or page furniture
_MIN_LINES = 8
_SHARE = 0.5  # of long lines ending within _SLACK of the commonest width
_SLACK = 6  # wide characters that do not fit, and half-width digits, end lines early
_HEADING = re.compile(
    r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章节部分]"
)


def _width(line: str) -> int:
    """Display width: CJK characters (3 bytes in UTF-8) count two columns, ASCII one."""
    return (len(line.encode("utf-8")) + len(line)) // 2


def wrap_width(lines: list[str]) -> int | None:
    """The width a text was wrapped at, or None when it was not hard-wrapped."""
    widths = [w for w in map(_width, lines) if w >= _MIN_WIDTH]
    if len(widths) < _MIN_LINES:
        return None
    counts = Counter(widths)
    top = max(counts, key=lambda w: (sum(counts[w - k] for k in range(_SLACK + 1)), w))
    near = sum(counts[top - k] for k in range(_SLACK + 1))
    return top if near >= _SHARE * len(widths) else None


def wrapped_breaks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, "") spans of the line breaks to remove, for offsets.spans_pass."""
    if text.count("\n") < _MIN_LINES:
        return []
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return []
    breaks = []
    at = 0
    for line, following in pairwise(lines):
        at += len(line)
        full = width - _SLACK <= _width(line) <= width
        if full and following and not _HEADING.match(following):
            breaks.append((at, at + 1, ""))
        at += 1
    return breaks
