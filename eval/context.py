"""The sentence around a span of text, split so a report can highlight the span."""

from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE_ENDS = "。！？；!?;\n"
MAX_SIDE = 80  # characters kept either side: a sentence, not a page
_SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_ENDS)}]")


@dataclass(frozen=True)
class Snippet:
    before: str
    span: str
    after: str

    @property
    def text(self) -> str:
        return self.before + self.span + self.after


def sentence_around(text: str, start: int, end: int) -> Snippet:
    """The sentence holding text[start:end], cut at sentence ends and MAX_SIDE."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    # the nearest sentence end on either side, found by C searches in MAX_SIDE windows
    low = max(0, start - MAX_SIDE)
    lo = max(max(text.rfind(c, low, start) for c in SENTENCE_ENDS) + 1, low)
    after = _SENTENCE_END.search(text, end, end + MAX_SIDE)
    hi = after.start() if after else min(len(text), end + MAX_SIDE)
    if hi < len(text) and text[hi] != "\n":
        hi += 1  # keep the sentence's own full stop
    return Snippet(text[lo:start].lstrip(), text[start:end], text[end:hi].rstrip())
