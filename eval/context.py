"""The sentence around a span of text, split so a report can highlight the span."""

from __future__ import annotations

from dataclasses import dataclass

SENTENCE_ENDS = "。！？；!?;\n"
MAX_SIDE = 80  # characters kept either side: a sentence, not a page


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
    lo = start
    while lo > 0 and text[lo - 1] not in SENTENCE_ENDS and start - lo < MAX_SIDE:
        lo -= 1
    hi = end
    while hi < len(text) and text[hi] not in SENTENCE_ENDS and hi - end < MAX_SIDE:
        hi += 1
    if hi < len(text) and text[hi] != "\n":
        hi += 1  # keep the sentence's own full stop
    return Snippet(text[lo:start].lstrip(), text[start:end], text[end:hi].rstrip())
