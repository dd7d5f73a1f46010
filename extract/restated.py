"""A figure stated twice is one item (GOLD.md): a news headline or summary that
repeats a target of the plan part must not count as a second target.

Runs over a whole document after every section is extracted, because the two
statements usually sit in different sections, where no backend sees both.
"""

from __future__ import annotations

from typing import TypeVar

from extract.canonical import normalize_indicator
from schemas.items import Item

T = TypeVar("T", bound=Item)


def merge_restated(items: list[T]) -> list[T]:
    """Items in order, each figure once: the headline one if any, else the fullest quote."""
    kept: dict[tuple[object, ...], int] = {}
    merged: list[T] = []
    for item in items:
        key = _figure(item)
        at = kept.get(key) if key is not None else None
        # one written number shared by two indicators (调查失业率和登记失业率均控制在5%以内,
        # one canonical code) is two items (GOLD.md), not a restatement: spans overlap
        if at is None or _overlap(item, merged[at]):
            if key is not None and at is None:
                kept[key] = len(merged)
            merged.append(item)
        elif _fuller(item, merged[at]):
            merged[at] = item
    return merged


def _figure(item: Item) -> tuple[object, ...] | None:
    """What makes two items the same figure; qualitative items are never merged."""
    if item.value is None:
        return None
    name = item.canonical or normalize_indicator(item.indicator)
    return (name, item.measure, item.value, item.value_max, item.unit, item.qualifier, item.year)


def _overlap(a: Item, b: Item) -> bool:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return False  # an ungrounded item has no span to compare
    return a.start < b.end and b.start < a.end


def _fuller(new: Item, old: Item) -> bool:
    return (new.main, len(new.quote)) > (old.main, len(old.quote))
