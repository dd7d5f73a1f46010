"""Sentences and clause boundaries of a section's text, with offsets kept."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

# A sentence ends at 。！？；, a line break, or a semicolon (lists of targets use ；).
_END = r"。！？!?；;\n"
# A sentence is a run of non-end characters holding more than white space, starting
# right after an end. One C regex pass finds them all; slicing and stripping every run
# in Python cost more than the rest of the sentence loop.
_SENTENCE = re.compile(rf"(?<![^{_END}])[^{_END}\S]*[^{_END}\s][^{_END}]*")
# Inside a sentence, an indicator never reaches back over these.
CLAUSE_BREAKS = frozenset(",，:：∶、。；;！？!?\n　")
HARD_BREAKS = frozenset(",，:：；;。！？!?\n")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `text`, blank ones skipped."""
    for found in _SENTENCE.finditer(text):
        yield found.span()


def sentences_holding(text: str, starts: list[int]) -> Iterator[tuple[int, int]]:
    """The sentences of `sentences(text)` holding one of `starts` (sorted offsets).

    Most sentences of a review hold no number: rather than walk them one by one, the
    scan restarts where the sentence of the next number begins (after the last end)."""
    pos, k = 0, 0
    while k < len(starts):
        found = _SENTENCE.search(text, _run_back(_END_RUN, text, starts[k], pos))
        if found is None:
            return
        start, pos = found.span()
        lo = bisect_left(starts, start, k)
        k = bisect_left(starts, pos, lo)
        if lo < k:
            yield start, pos


_HARD_RUN = re.compile("[^" + re.escape("".join(sorted(HARD_BREAKS))) + "]*")
_END_RUN = re.compile(f"[^{_END}]*")
_CLAUSE_RUN = re.compile("[^" + re.escape("".join(sorted(CLAUSE_BREAKS))) + "]*")


@lru_cache(maxsize=8)
def _reversed(text: str) -> str:
    return text[::-1]


def _run_back(run: re.Pattern[str], text: str, pos: int, floor: int) -> int:
    """Start of the run of non-break characters ending at `pos`, not before `floor`.

    Read on the reversed text so the C regex engine walks back, not a Python loop:
    this runs for every number of every report."""
    back = len(text) - pos
    found = run.match(_reversed(text), back)
    length = found.end() - back if found else 0
    return max(floor, pos - length)


def clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause holding `pos` begins: after the last hard break before it."""
    return _run_back(_HARD_RUN, text, pos, floor)


def words_start(text: str, pos: int, floor: int) -> int:
    """Where the words before `pos` begin: after the last clause break (、 included)."""
    return _run_back(_CLAUSE_RUN, text, pos, floor)


def run_forward(text: str, pos: int, ceiling: int, limit: int) -> int:
    """End of the run of non-hard-break characters from `pos` (at most `limit` long)."""
    found = _HARD_RUN.match(text, pos, min(ceiling, pos + limit))
    return found.end() if found else pos


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"
