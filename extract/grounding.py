"""Grounding: find an item's quote in the text and its number in the quote.

Every item, from the rules or from a model, goes through here, so a reader can trust
that a quote is really in the report and really says the number. Items are never
dropped or repaired: a failure is recorded as `ungrounded` with its reason.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TypeVar

from extract.normalize import squash, to_simplified
from extract.numbers import value_written_in
from extract.pinyin import PINYIN_NOTES
from schemas.items import GlossaryTerm, Grounding, Item
from schemas.report import Section

T = TypeVar("T", Item, GlossaryTerm)


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """One character in comparable form before t2s (NFKC, no white space)."""
    return "".join(c for c in unicodedata.normalize("NFKC", char) if not c.isspace())


@lru_cache(maxsize=16)
def _squashed_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """normalize.squash(text) and, for each of its characters, the index in `text` it came from."""
    dropped: set[int] = set()
    for note in PINYIN_NOTES.finditer(text):
        dropped.update(range(*note.span()))
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        if i in dropped:
            continue
        folded = _fold_char(char)
        chars.append(folded)
        origin.extend([i] * len(folded))
    folded_text = "".join(chars)
    simplified = to_simplified(folded_text)
    if len(simplified) != len(folded_text):  # t2s is one for one almost always; else per char
        simplified = "".join(
            to_simplified(c) if len(to_simplified(c)) == 1 else c for c in folded_text
        )
    return simplified, tuple(origin)


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
    if not _quote_in(item, section_text):
        return (
            f"the quote {item.quote!r} is not in the section text; copy it character for character"
        )
    return _value_problem(item)


def _quote_in(item: Item | GlossaryTerm, text: str) -> bool:
    """Whether the item's quote is in `text`. Where its recorded span still holds it, that
    answers without a search: the cross-check asks this of every item of a whole report."""
    return _held_span(item, text, 0, len(text)) is not None or (
        locate_quote(item.quote, text) is not None
    )


def _held_span(item: Item | GlossaryTerm, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The item's recorded span, if it lies in text[lo:hi] and holds the quote verbatim."""
    start, end, quote = item.start, item.end, item.quote
    if not quote or start is None or end is None or not lo <= start <= end <= hi:
        return None
    return (start, end) if text[start:end] == quote else None


def _value_problem(item: Item | GlossaryTerm) -> str | None:
    """Why the item's value is not in its own quote, or None (terms have no value)."""
    if isinstance(item, Item):
        for name in ("value", "value_max"):
            value = getattr(item, name)
            if value is not None and not value_written_in(value, item.quote):
                return f"{name} {value:g} is not written in the quote {item.quote!r}"
    return None


def ground(item: T, doc_text: str, section: Section) -> T:
    """`item` with section, start/end (whole normalized text) and grounding set.

    A copy, unless the item already carries exactly that provenance: the rules set it as
    they read, and a pydantic copy per item was a tenth of the offline pipeline's time."""
    provenance = _provenance(item, doc_text, section)
    # pydantic keeps field values in the instance dict: one C-level subset test
    if provenance.items() <= vars(item).items():
        return item
    return item.model_copy(update=provenance)


def _provenance(item: T, doc_text: str, section: Section) -> dict[str, object]:
    """The provenance fields ground() sets: where the quote is and how it was found."""
    found = _recorded(item, doc_text, section) or _locate(item.quote, doc_text, section)
    if found is None:
        reason = f"the quote {item.quote!r} is not in the text"
        return {
            "section": section.index,
            "grounding": Grounding.ungrounded,
            "grounding_reason": reason,
        }
    start, end, how = found
    # an exact span is the quote itself, so only the value is left to check
    exact = how is Grounding.exact
    problem = _value_problem(item) if exact else grounding_problem(item, doc_text[start:end])
    return {
        "section": section.index,
        "start": start,
        "end": end,
        "grounding": how if problem is None else Grounding.ungrounded,
        "grounding_reason": problem,
    }


def _recorded(item: T, doc_text: str, section: Section) -> tuple[int, int, Grounding] | None:
    """The item's own span, when it lies in the section and holds the quote verbatim: a
    quote written twice is grounded where the extractor read it, not at its first place."""
    held = _held_span(item, doc_text, section.start, section.end)
    return None if held is None else (held[0], held[1], Grounding.exact)


def _locate(quote: str, doc_text: str, section: Section) -> tuple[int, int, Grounding] | None:
    """The quote's span in the whole text: in its own section first, else anywhere."""
    if quote:  # the common case, found verbatim, without copying the section per item
        at = doc_text.find(quote, section.start, section.end)
        if at >= 0:
            return at, at + len(quote), Grounding.exact
    found = locate_quote(quote, doc_text[section.start : section.end])
    if found is not None:
        return section.start + found[0], section.start + found[1], found[2]
    return locate_quote(quote, doc_text)
