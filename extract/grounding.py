"""Grounding: find an item's quote in the text and its number in the quote.

Every item, from the rules or from a model, goes through here, so a reader can trust
that a quote is really in the report and really says the number. Items are never
dropped or repaired: a failure is recorded as `ungrounded` with its reason.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TypeVar

from extract.numbers import value_written_in
from schemas.items import GlossaryTerm, Grounding, Item
from schemas.report import Section

T = TypeVar("T", Item, GlossaryTerm)

# A tone-marked syllable in brackets right after a Chinese character: 區(qū).
_PINYIN_NOTE = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]{1,7}[)）]")


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc  # imported on first fuzzy match: exact quotes never pay for it

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def _squash_char(char: str) -> str:
    """One character in comparable form (NFKC, simplified, no white space)."""
    folded = unicodedata.normalize("NFKC", char)
    if not folded.isascii():
        folded = _t2s().convert(folded)  # type: ignore[attr-defined]
    return "".join(c for c in folded if not c.isspace())


def squash(text: str) -> str:
    """Comparable form of a text: NFKC, simplified, pinyin notes and white space gone."""
    return "".join(_squash_char(c) for c in _PINYIN_NOTE.sub("", text))


@lru_cache(maxsize=16)
def _squashed_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """The squashed text and, for each of its characters, the index in `text` it came from."""
    dropped: set[int] = set()
    for note in _PINYIN_NOTE.finditer(text):
        dropped.update(range(*note.span()))
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        if i in dropped:
            continue
        folded = _squash_char(char)
        chars.append(folded)
        origin.extend([i] * len(folded))
    return "".join(chars), tuple(origin)


def locate_quote(quote: str, text: str) -> tuple[int, int, Grounding] | None:
    """The span of `quote` in `text`: verbatim (exact), else after squashing (fuzzy), else None."""
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote), Grounding.exact
    wanted = squash(quote)
    if not wanted:
        return None
    squashed, origin = _squashed_with_map(text)
    at = squashed.find(wanted)
    if at < 0:
        return None
    return origin[at], origin[at + len(wanted) - 1] + 1, Grounding.fuzzy


def grounding_problem(item: Item | GlossaryTerm, section_text: str) -> str | None:
    """Why `item` is not grounded in `section_text` (a re-ask message), or None when it is."""
    if locate_quote(item.quote, section_text) is None:
        return (
            f"the quote {item.quote!r} is not in the section text; copy it character for character"
        )
    if isinstance(item, Item):
        for name in ("value", "value_max"):
            value = getattr(item, name)
            if value is not None and not value_written_in(value, item.quote):
                return f"{name} {value:g} is not written in the quote {item.quote!r}"
    return None


def ground(item: T, doc_text: str, section: Section) -> T:
    """A copy of `item` with section, start/end (whole normalized text) and grounding set."""
    section_text = doc_text[section.start : section.end]
    found = locate_quote(item.quote, section_text)
    offset = section.start
    if found is None:
        found, offset = locate_quote(item.quote, doc_text), 0
    problem = (
        grounding_problem(item, doc_text[offset + found[0] : offset + found[1]]) if found else None
    )
    update: dict[str, object] = {"section": section.index}
    if found is None:
        reason = f"the quote {item.quote!r} is not in the text"
        return item.model_copy(
            update=update | {"grounding": Grounding.ungrounded, "grounding_reason": reason}
        )
    start, end, how = found
    update |= {
        "start": offset + start,
        "end": offset + end,
        "grounding": how,
        "grounding_reason": None,
    }
    if problem is not None:
        update |= {"grounding": Grounding.ungrounded, "grounding_reason": problem}
    return item.model_copy(update=update)
