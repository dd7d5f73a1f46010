"""Numbers of the text that no item covers: the likely misses of an extraction.

Pure text logic on the one number parser, shared by the HTML review page (written
at extract time) and the eval cross-check: both must show the same candidates.
Candidates are the quantities of review and plan sections; an item covers a
candidate when its span overlaps it, and a quote written again elsewhere covers
that place too (GOLD.md: a figure stated twice is one item).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from extract.grounding import locate_quote
from extract.normalize import squash
from extract.numbers import find_numbers
from schemas.items import GlossaryTerm, Item
from schemas.report import Section, SectionRole

CHECKED_ROLES = (SectionRole.review, SectionRole.plan)


@dataclass(frozen=True)
class Uncovered:
    start: int
    end: int
    text: str
    section: Section


def item_span(item: Item | GlossaryTerm, text: str) -> tuple[int, int] | None:
    """Where the item's quote is in `text`: its recorded span if it still fits, else found."""
    start, end = item.start, item.end
    if start is not None and end is not None and _still_fits(text, start, end, item.quote):
        return start, end
    at = text.find(item.quote) if item.quote else -1
    if at >= 0:
        return at, at + len(item.quote)
    found = locate_quote(item.quote, text) if item.quote else None
    return (found[0], found[1]) if found else None


def checked_sections(sections: Sequence[Section]) -> list[Section]:
    return [s for s in sections if s.role in CHECKED_ROLES]


def candidates(text: str, sections: Sequence[Section]) -> list[tuple[int, int, str, Section]]:
    """Every quantity of the review and plan sections: (start, end, text, section)."""
    seen: dict[tuple[int, int], tuple[int, int, str, Section]] = {}
    for section in checked_sections(sections):
        for m in find_numbers(text[section.start : section.end]):
            start, end = section.start + m.start, section.start + m.end
            seen.setdefault((start, end), (start, end, m.text, section))
    return sorted(seen.values(), key=lambda c: c[0])


def uncovered_numbers(
    text: str, sections: Sequence[Section], items: Sequence[Item]
) -> tuple[int, list[Uncovered]]:
    """(number of candidates, the ones no item covers)."""
    spans = {s for s in (item_span(i, text) for i in items) if s is not None}
    found = candidates(text, sections)
    by_items = _Cover(spans)
    left = [c for c in found if not by_items.overlaps(c[0], c[1])]
    quotes = {i.quote for i in items if i.quote}
    restated = _Cover(_restatements(quotes, text, [(a, b) for a, b, _, _ in left]))
    missed = [Uncovered(a, b, t, s) for a, b, t, s in left if not restated.overlaps(a, b)]
    return len(found), missed


def _still_fits(text: str, start: int, end: int, quote: str) -> bool:
    if not 0 <= start < end <= len(text):
        return False
    written = text[start:end]
    return written == quote or squash(written) == squash(quote)  # squash only if it must


class _Cover:
    """Spans (start < end), asked whether any overlaps a range: in log time, since a
    report has thousands of candidates and of spans."""

    def __init__(self, spans: set[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        # reach[i]: the furthest end among the first i+1 spans
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans [0, i) start before `end`
        return i > 0 and self.reach[i - 1] > start


def _restatements(
    quotes: set[str], text: str, around: list[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Spans where a quote is written (again) that may overlap a span of `around`.

    Only the text near those spans can hold such a place, so only it is searched, its
    windows joined into one string: one search of the whole report per quote cost a
    third of the cross-check.
    """
    if not quotes or not around:
        return set()
    reach = max(len(q) for q in quotes)
    windows = _merged([(max(0, a - reach + 1), min(len(text), b - 1 + reach)) for a, b in around])
    joined = _SEPARATOR.join(text[a:b] for a, b in windows)
    starts = list(itertools.accumulate((b - a + 1 for a, b in windows[:-1]), initial=0))
    spans: set[tuple[int, int]] = set()
    for quote in quotes:
        where, shift = (text, None) if _SEPARATOR in quote else (joined, starts)
        at = where.find(quote)
        while at >= 0:
            if shift is None:
                spans.add((at, at + len(quote)))
            else:  # back to the report's offsets: the window's start plus the place in it
                k = bisect.bisect_right(shift, at) - 1
                begin = windows[k][0] + at - shift[k]
                spans.add((begin, begin + len(quote)))
            at = where.find(quote, at + 1)
    return spans


# Between the joined windows: in no quote, so no quote is found across two windows.
_SEPARATOR = "\x00"


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Windows sorted by start, overlapping or touching ones made one."""
    out: list[tuple[int, int]] = []
    for a, b in windows:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
