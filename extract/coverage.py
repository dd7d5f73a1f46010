"""Numbers of the text that no item covers: the likely misses of an extraction.

Pure text logic on the one number parser, shared by the HTML review page (written
at extract time) and the eval cross-check: both must show the same candidates.
Candidates are the quantities of review and plan sections; an item covers a
candidate when its span overlaps it, and a quote written again elsewhere covers
that place too (GOLD.md: a figure stated twice is one item).
"""

from __future__ import annotations

import bisect
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
    ordered = sorted(spans | _restatements(items, text))
    found = candidates(text, sections)
    missed = [Uncovered(a, b, t, s) for a, b, t, s in found if not _covered(ordered, a, b)]
    return len(found), missed


def _still_fits(text: str, start: int, end: int, quote: str) -> bool:
    return 0 <= start < end <= len(text) and squash(text[start:end]) == squash(quote)


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether any span overlaps [start, end); `spans` sorted by start."""
    i = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[:i])


def _restatements(items: Sequence[Item], text: str) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    for quote in {i.quote for i in items if i.quote}:
        at = text.find(quote)
        while at >= 0:
            spans.add((at, at + len(quote)))
            at = text.find(quote, at + 1)
    return spans
