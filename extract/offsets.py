"""Text edits that remember where every output character came from.

Each normalization pass rewrites the text and reports its edits as
(start, end, new length) spans; `OriginMap` composes them into the map back to
the original text. The map is kept as runs (a `range` for text that was only
copied, a short list for replaced text), so a pass that changes a few spans
costs time per edit, not per character; the full list is built once, at the end.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator

Edit = tuple[int, int, int]  # source[start:end] became `new length` characters
Pass = tuple[str, list[Edit] | None]  # new text and its edits (None: unchanged)
_Run = range | list[int]  # original indices of consecutive characters


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
        self._runs: list[_Run] = [range(length)] if length else []

    def apply(self, edits: list[Edit] | None) -> None:
        """Follow one pass: kept characters keep their origin; the characters that
        replace a span are spread over the span's origins, so the map stays monotonic."""
        if not edits:
            return
        cursor = _Cursor(self._runs)
        runs: list[_Run] = []
        done = 0
        for start, end, length in edits:
            runs += cursor.take(start - done)
            width = end - start
            if not length:
                cursor.skip(width)
            elif width == length:  # one for one (t2s or NFC on a line): each keeps its origin
                runs += cursor.take(width)
            elif width:
                old = cursor.values(width)
                runs.append([old[(k * width) // length] for k in range(length)])
            else:  # an insertion takes the origin of the character it precedes
                runs.append([cursor.peek()] * length)
            done = end
        runs += cursor.rest()
        self._runs = runs

    def offsets(self) -> list[int]:
        out: list[int] = []
        for run in self._runs:
            out += _indices(run) if isinstance(run, range) else run
        return out


# Maps share their int objects: a slice of one list of them copies pointers (~1 ns
# a character) where a range makes a new int for every character (~12 ns, a
# seventh of normalizing), and a map then takes 8 bytes a character, not 36.
_SHARED_MAX = 1 << 20  # characters; a longer text makes its own ints
_shared: list[int] = []
_growing = threading.Lock()


def _indices(run: range) -> list[int]:
    """list(run), from the shared ints when they reach that far."""
    if run.stop > _SHARED_MAX:
        return list(run)
    if len(_shared) < run.stop:
        with _growing:  # two threads must not append the same numbers twice
            _shared.extend(range(len(_shared), run.stop))
    return _shared[run.start : run.stop]


class _Cursor:
    """Walks a list of runs, handing out slices of it in order."""

    def __init__(self, runs: list[_Run]) -> None:
        self._runs = runs
        self._run = 0  # index of the current run
        self._at = 0  # position inside it

    def _pieces(self, count: int) -> Iterator[_Run]:
        while count > 0 and self._run < len(self._runs):
            run = self._runs[self._run]
            piece = run[self._at : self._at + count]
            count -= len(piece)
            self._at += len(piece)
            if self._at == len(run):
                self._run, self._at = self._run + 1, 0
            yield piece

    def take(self, count: int) -> list[_Run]:
        return [piece for piece in self._pieces(count) if piece]

    def values(self, count: int) -> list[int]:
        out: list[int] = []
        for piece in self._pieces(count):
            out += piece
        return out

    def skip(self, count: int) -> None:
        for _piece in self._pieces(count):
            pass

    def peek(self) -> int:
        return self._runs[self._run][self._at]

    def rest(self) -> list[_Run]:
        if self._run == len(self._runs):
            return []
        rest = [self._runs[self._run][self._at :], *self._runs[self._run + 1 :]]
        return [run for run in rest if run]
