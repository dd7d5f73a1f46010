"""Text edits that remember where every output character came from.

Each normalization pass rewrites the text with regular expressions; `Edits`
collects the pieces of one pass together with the source index of every output
character, so the passes compose into one map back to the original text
without a Python loop per unchanged character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


class Edits:
    """The output of one pass over `source`, built from kept and replaced spans."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._parts: list[str] = []
        self._index: list[int] = []
        self._done = 0  # source position up to which pieces have been added

    def replace(self, start: int, end: int, text: str) -> None:
        """Copy the source up to `start`, then put `text` in place of source[start:end]."""
        self._keep_until(start)
        if text:
            self._parts.append(text)
            width, n = end - start, len(text)
            # Spread the new characters over the old span, so the map stays monotonic.
            self._index.extend(start + (k * width) // n for k in range(n))
        self._done = end

    def _keep_until(self, pos: int) -> None:
        if pos > self._done:
            self._parts.append(self.source[self._done : pos])
            self._index.extend(range(self._done, pos))
        self._done = max(self._done, pos)

    def finish(self) -> tuple[str, list[int]]:
        self._keep_until(len(self.source))
        return "".join(self._parts), self._index


Pass = tuple[str, list[int] | None]  # new text, map to the pass's input (None: unchanged)


def regex_pass(text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> Pass:
    """re.sub with an index map; the map is None when nothing changed."""
    edits: Edits | None = None
    for match in pattern.finditer(text):
        new = repl(match)
        if new == match.group(0):
            continue
        if edits is None:
            edits = Edits(text)
        edits.replace(match.start(), match.end(), new)
    if edits is None:
        return text, None
    return edits.finish()


def spans_pass(text: str, spans: Iterable[tuple[int, int, str]]) -> Pass:
    """Replace sorted, disjoint (start, end, new) spans."""
    edits: Edits | None = None
    for start, end, new in spans:
        if edits is None:
            edits = Edits(text)
        edits.replace(start, end, new)
    if edits is None:
        return text, None
    return edits.finish()


def compose(offsets: list[int], index: list[int] | None) -> list[int]:
    """Offsets into the original for a pass's output, given its map to its input."""
    if index is None:
        return offsets
    return [offsets[i] for i in index]
