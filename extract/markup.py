"""Escaped HTML of a text with highlighted spans that may overlap or cross.

HTML elements must nest, but item quotes do not: `地区生产总值320亿元、同比增长6%左右`
holds two items, and two quotes can cross. The usual fix (the one browsers use
for misnested <b><i>) is applied: when a span ends under others, those are
closed and reopened after it as continuation pieces, so every span keeps exactly
one first piece (the one that is counted, linked and given an id).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    open_tag: Callable[[bool], str]  # argument: is this the first piece of the span?
    close_tag: str


def mark_up(text: str, spans: list[Span], labels: dict[int, str] | None = None) -> str:
    """`text` escaped, with every span wrapped; `labels` are raw HTML inserted at offsets."""
    labels = labels or {}
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    bounds = sorted({0, len(text), *labels, *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[Span]] = {}
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        starting.setdefault(span.start, []).append(span)
    out: list[str] = []
    stack: list[Span] = []
    for here, after in zip(bounds, [*bounds[1:], len(text)], strict=True):
        _close_ending(stack, here, out)
        out.append(labels.get(here, ""))
        for span in starting.get(here, []):
            out.append(span.open_tag(True))
            stack.append(span)
        out.append(html.escape(text[here:after]))
    _close_ending(stack, len(text), out)
    return "".join(out)


def _close_ending(stack: list[Span], here: int, out: list[str]) -> None:
    """Close every open span ending at `here`, reopening any that were above it."""
    while any(s.end <= here for s in stack):
        deepest = min(i for i, s in enumerate(stack) if s.end <= here)
        above = stack[deepest + 1 :]
        for span in reversed(stack[deepest:]):
            out.append(span.close_tag)
        del stack[deepest:]
        for span in above:
            if span.end > here:
                out.append(span.open_tag(False))
                stack.append(span)
