"""Text edits that remember where every output character came from.

Each normalization pass rewrites the text and reports its edits as
(start, end, new length) spans; `OriginMap` composes them into the map back to
the original text, one index per character.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable

Edit = tuple[int, int, int]  # source[start:end] became `new length` characters
Pass = tuple[str, list[Edit] | None]  # new text and its edits (None: unchanged)


class Edits:
    """The output of one pass over `source`, built from kept and replaced spans."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._parts: list[str] = []
        self._edits: list[Edit] = []
        self._done = 0  # source position up to which pieces have been added

    def replace(self, start: int, end: int, text: str) -> None:
        """Copy the source up to `start`, then put `text` in place of source[start:end]."""
        if start > self._done:
            self._parts.append(self.source[self._done : start])
        if text:
            self._parts.append(text)
        self._edits.append((start, end, len(text)))
        self._done = end

    def finish(self) -> Pass:
        self._parts.append(self.source[self._done :])
        return "".join(self._parts), self._edits


def regex_pass(text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> Pass:
    """re.sub with its edits; None when nothing changed."""
    edits: Edits | None = None
    for match in pattern.finditer(text):
        new = repl(match)
        if new == match.group(0):
            continue
        if edits is None:
            edits = Edits(text)
        edits.replace(match.start(), match.end(), new)
    return (text, None) if edits is None else edits.finish()


def delete_pass(text: str, pattern: re.Pattern[str]) -> Pass:
    """Every match of `pattern` removed: the common pass, without a call per match."""
    spans = [match.span() for match in pattern.finditer(text)]
    return spans_pass(text, ((start, end, "") for start, end in spans if end > start))


def spans_pass(text: str, spans: Iterable[tuple[int, int, str]]) -> Pass:
    """Replace sorted, disjoint (start, end, new) spans."""
    edits: Edits | None = None
    for start, end, new in spans:
        if edits is None:
            edits = Edits(text)
        edits.replace(start, end, new)
    return (text, None) if edits is None else edits.finish()


class OriginMap:
    """Index in the original text of every character of the current text."""

    def __init__(self, length: int) -> None:
        self._origins = _indices(length)

    def apply(self, edits: list[Edit] | None) -> None:
        """Follow one pass: kept characters keep their origin; the characters that
        replace a span are spread over the span's origins, so the map stays monotonic.

        The map is rebuilt from slices of the last one: a slice copies pointers in C,
        so a pass costs a few steps per edit and next to nothing per character."""
        # one for one edits (t2s or NFC on a line) leave every character its origin
        moving = [edit for edit in edits or () if edit[1] - edit[0] != edit[2]]
        if not moving:
            return
        old = self._origins
        new: list[int] = []
        done = 0
        for start, end, length in moving:
            new += old[done:start]
            width = end - start
            if width and length:
                new += [old[start + (k * width) // length] for k in range(length)]
            elif length:  # an insertion takes the origin of the character it precedes
                new += [old[start]] * length
            done = end
        new += old[done:]
        self._origins = new

    def offsets(self) -> list[int]:
        """The map itself (not a copy): later passes build new lists, never change it."""
        return self._origins


# Maps share their int objects: a slice of one list of them copies pointers (~1 ns
# a character) where a range makes a new int for every character (~12 ns, a
# seventh of normalizing), and a map then takes 8 bytes a character, not 36.
_SHARED_MAX = 1 << 20  # characters; a longer text makes its own ints
_shared: list[int] = []
_growing = threading.Lock()


def _indices(length: int) -> list[int]:
    """list(range(length)), from the shared ints when they reach that far."""
    if length > _SHARED_MAX:
        return list(range(length))
    if len(_shared) < length:
        with _growing:  # two threads must not append the same numbers twice
            _shared.extend(range(len(_shared), length))
    return _shared[:length]
