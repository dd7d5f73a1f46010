"""Sentences and clause boundaries of a section's text, with offsets kept."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A sentence ends at 。！？；, a line break, or a semicolon (lists of targets use ；).
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
# Inside a sentence, an indicator never reaches back over these.
CLAUSE_BREAKS = frozenset(",，:：∶、。；;！？!?\n　")
HARD_BREAKS = frozenset(",，:：；;。！？!?\n")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `text`, blank ones skipped."""
    start = 0
    for end_mark in _SENTENCE_END.finditer(text):
        if text[start : end_mark.start()].strip():
            yield start, end_mark.start()
        start = end_mark.end()
    if text[start:].strip():
        yield start, len(text)


def clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause holding `pos` begins: after the last hard break before it."""
    i = pos
    while i > floor and text[i - 1] not in HARD_BREAKS:
        i -= 1
    return i


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"
