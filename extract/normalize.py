"""Clean simplified text with a map back to the original.

`normalize` runs a fixed list of passes (newlines, NFC, mojibake repair,
half-width folding, pinyin notes, trad->simp, layout, page furniture); every
pass is a regex or table rewrite that reports where each output character came
from, so `NormalizedText.offsets[i]` is the original index of `text[i]`.
Chinese punctuation (，。：；（）) is kept as written: gold quotes and users read it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from extract.boilerplate import boilerplate_spans, cuts_whole_lines
from extract.mojibake import lost_byte_spans, mojibake_repairs
from extract.offsets import OriginMap, Pass, delete_pass, regex_pass, spans_pass
from extract.pinyin import PINYIN_NOTES, TONE_MARKS, strip_pinyin_notes
from extract.unwrap import wrapped_breaks


@dataclass(frozen=True)
class NormalizedText:
    text: str
    offsets: list[int]  # offsets[i] = index in the original text of text[i]
    damaged: list[tuple[int, int]] = field(default_factory=list)  # spans whose bytes were lost

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original-text span holding text[start:end]."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if not self.offsets:
            return (0, 0)
        if start == end:
            pos = self.offsets[start] if start < len(self.offsets) else self.offsets[-1] + 1
            return (pos, pos)
        return (self.offsets[start], self.offsets[end - 1] + 1)


# Patterns here open with a character or a class, never with a look-behind, an
# anchor or a repeat: only then does `re` skip ahead to where a match can start,
# which makes a pass over text without a match several times faster.
_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # besides \n
_NEWLINES = re.compile(f"[{_LINE_BREAKS}](?:(?<=\r)\n)?")  # \r\n is one
_INVISIBLE_CHARS = "".join(
    map(
        chr,
        (
            *range(0x09),
            *range(0x0E, 0x1C),
            0x1F,
            0x7F,
            0x200B,
            0x200C,
            0x200D,
            0x2060,
            0xFEFF,
            0xAD,
        ),
    )
)
_INVISIBLE_CHAR = f"[{re.escape(_INVISIBLE_CHARS)}]"
_INVISIBLE = re.compile(f"{_INVISIBLE_CHAR}{_INVISIBLE_CHAR}*")
# HTML left in a .txt copy of a page (`<p cms-style="font-L">`): block ends become
# line ends, other tags and the common entities go.
_MARKUP = re.compile(
    r"<!--[\s\S]*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>\n]*)?/?>"
    r"|&(?:[a-z]{2,6}|#\d{1,7}|#x[0-9a-f]{1,6});",
    re.I,
)
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|li|tr|h[1-6]|table|section|article|ul|ol)\s*>", re.I)
_ENTITIES = {
    "nbsp": " ",
    "ensp": " ",
    "emsp": " ",
    "amp": "&",
    "lt": "<",
    "gt": ">",
    "quot": '"',
    "apos": "'",
    "middot": "·",
    "ldquo": "“",
    "rdquo": "”",
    "mdash": "—",
}
_NON_ASCII_RUN = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")
# Full-width digits, letters and signs fold to ASCII; Chinese punctuation stays, and
# so do ＜＞＆, which would otherwise spell markup that a second pass would strip.
_HALF_WIDTH = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
    **{ord(c): ord(h) for c, h in zip("％＋－．／＝＠＃＊＿＾＄｜", "%+-./=@#*_^$|", strict=True)},
    **{cp: 0x20 for cp in (0x3000, 0x00A0, 0x2002, 0x2003, 0x2004, 0x2005, 0x2009, 0x202F)},
}
# Blanks at a line's start (nothing but a line end before them) or end.
_EDGE_SPACE = re.compile(r"[ \t](?:(?<![^\n][ \t])[ \t]*|[ \t]*$)", re.M)
_SPACE_RUN = re.compile(r"  +")
_BLANK_LINES = re.compile(r"\n\n\n+")
_TEXT_EDGES = re.compile(r"\n(?:(?<=\A\n)\n*|\n*\Z)")


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    import opencc  # native, ~20 ms/MB; loaded once

    return opencc.OpenCC("t2s").convert


def _converged(text: str) -> tuple[str, bool]:
    """OpenCC t2s applied until stable, and whether it got there (three rounds at most)."""
    convert = _t2s()
    for _ in range(3):
        new = convert(text)
        if new == text:
            return text, True
        text = new
    return text, False


def to_simplified(text: str) -> str:
    """OpenCC t2s, applied until stable so that normalizing twice changes nothing."""
    return _converged(text)[0]


class _Draft:
    """The text part way through normalization and where its characters came from."""

    def __init__(self, raw: str) -> None:
        self.text = raw
        self.origin = OriginMap(len(raw))
        # Texts that a second t2s or mojibake pass is known to leave as they are: a
        # pass is skipped when nothing changed since (most reports need neither).
        self.simplified: str | None = None
        self.repaired: str | None = None
        self.trimmed: str | None = None  # no blanks left at line edges
        self._scanned: str | None = None  # the text `_present` was found in
        self._present: frozenset[str] = frozenset()

    def holds_any(self, chars: str) -> bool:
        """Does the text hold one of `chars` (all among `_GUARDED`)? One scan finds
        every character a guarded pass looks for, and is repeated only after a change."""
        if self._scanned is not self.text:
            self._present = frozenset(_GUARDED.findall(self.text))
            self._scanned = self.text
        return not self._present.isdisjoint(chars)

    def apply(self, rewrite: Pass) -> None:
        self.text, edits = rewrite
        self.origin.apply(edits)


Step = Callable[[_Draft], None]


def _rewrite(rewrite: Callable[[str], Pass]) -> Step:
    def step(draft: _Draft) -> None:
        draft.apply(rewrite(draft.text))

    return step


def _delete(pattern: re.Pattern[str]) -> Step:
    return _rewrite(lambda text: delete_pass(text, pattern))


def _sub(pattern: re.Pattern[str], new: str) -> Step:
    return _rewrite(lambda text: regex_pass(text, pattern, lambda _m: new))


def _nfc(text: str) -> Pass:
    if unicodedata.is_normalized("NFC", text):
        return text, None
    return regex_pass(text, _NON_ASCII_RUN, lambda m: unicodedata.normalize("NFC", m.group()))


def _markup_once(match: re.Match[str]) -> str:
    token = match.group()
    if token.startswith("&"):
        return _entity(token)
    return "\n" if _BLOCK_END.fullmatch(token) else ""


def _entity(token: str) -> str:
    """The character an entity stands for; unknown or unprintable ones stay as written."""
    name = token[1:-1].lower()
    if not name.startswith("#"):
        return _ENTITIES.get(name, token)
    code = int(name[2:], 16) if name.startswith("#x") else int(name[1:])
    if code == 0xA0:
        return " "
    char = chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else ""
    return char if char.isprintable() and char else token


def _markup(draft: _Draft) -> None:
    """Strip tags until none is left (removing one may join the halves of another)."""
    for _ in range(5):
        text, edits = regex_pass(draft.text, _MARKUP, _markup_once)
        draft.apply((text, edits))
        if edits is None:
            break


_FULL_WIDTH_CHARS = "".join(map(chr, _HALF_WIDTH))
_FULL_WIDTH = re.compile(f"[{_FULL_WIDTH_CHARS}]")
_HALF_WIDTH_OF = {chr(full): chr(half) for full, half in _HALF_WIDTH.items()}


def _half_width(text: str) -> Pass:
    """One character for one: the offsets do not move. A substitution per match, as
    str.translate with a table looks up every character of the text (~25 ms/MB)."""
    return _FULL_WIDTH.sub(lambda m: _HALF_WIDTH_OF[m.group()], text), None


def _mojibake(draft: _Draft) -> None:
    if draft.text == draft.repaired:
        return
    text = draft.text
    draft.apply(spans_pass(text, mojibake_repairs(text)))
    draft.repaired = text if draft.text is text else None


_LINE = re.compile(r"[^\n]+")


def _simplified(draft: _Draft) -> None:
    if draft.text == draft.simplified:
        return
    text = draft.text
    new, stable = _converged(text)
    if len(new) == len(text):  # t2s almost always maps character for character
        draft.apply((new, None))
        draft.simplified = new if stable else None
    else:
        draft.apply(regex_pass(text, _LINE, lambda m: to_simplified(m.group())))


def _if_any(chars: str, step: Step) -> Step:
    """`step`, skipped when the text holds none of `chars`, without which its pattern
    cannot match. Most reports hold none: one scan then stands in for five."""

    def guarded(draft: _Draft) -> None:
        if draft.holds_any(chars):
            step(draft)

    return guarded


_MARKUP_CHARS = "<&"
_GUARDED = re.compile(
    "["
    + re.escape(_LINE_BREAKS + _INVISIBLE_CHARS + _MARKUP_CHARS + _FULL_WIDTH_CHARS + TONE_MARKS)
    + "]"
)


def _edge_spaces(text: str) -> bool:
    """Could `_EDGE_SPACE` match: a blank next to a line end or a text end?"""
    if " " not in text and "\t" not in text:  # one character is found faster than a pair
        return False
    return (
        any(pair in text for pair in ("\n ", " \n", "\n\t", "\t\n"))
        or text.startswith((" ", "\t"))
        or text.endswith((" ", "\t"))
    )


def _trim_edge_spaces(draft: _Draft) -> None:
    if draft.text != draft.trimmed and _edge_spaces(draft.text):
        draft.apply(delete_pass(draft.text, _EDGE_SPACE))
    draft.trimmed = draft.text  # deleting every edge run leaves none: a second pass finds nothing


def _trim_text_edges(draft: _Draft) -> None:
    if draft.text.startswith("\n") or draft.text.endswith("\n"):
        draft.apply(delete_pass(draft.text, _TEXT_EDGES))


def _drop_boilerplate(draft: _Draft) -> None:
    # Cutting page furniture can bare a boilerplate line (`— 3 — 责任编辑:…`): repeat
    # until nothing is left to cut, so that a second normalize finds nothing either.
    for _ in range(4):
        text = draft.text
        spans = boilerplate_spans(text)
        if not spans:
            return
        draft.apply(spans_pass(text, spans))
        if cuts_whole_lines(text, spans):  # the common case: a repeat would find nothing
            return


_STEPS: list[Step] = [
    _if_any(_LINE_BREAKS, _sub(_NEWLINES, "\n")),
    _if_any(_INVISIBLE_CHARS, _delete(_INVISIBLE)),
    _if_any(_MARKUP_CHARS, _markup),
    _rewrite(_nfc),
    _mojibake,
    _if_any(_FULL_WIDTH_CHARS, _rewrite(_half_width)),
    _if_any(TONE_MARKS, _delete(PINYIN_NOTES)),
    _simplified,
    # t2s can turn a span that failed to decode into one that decodes: repair and
    # convert once more, so that a second normalize finds nothing left to do.
    _mojibake,
    _simplified,
    _trim_edge_spaces,
    _drop_boilerplate,
    _trim_edge_spaces,
    _rewrite(lambda text: spans_pass(text, wrapped_breaks(text))),
    _sub(_SPACE_RUN, " "),
    _sub(_BLANK_LINES, "\n\n"),
    _trim_text_edges,
]


def normalize(raw: str) -> NormalizedText:
    """Normalized text of `raw` with its offset map and damaged spans. Idempotent."""
    draft = _Draft(raw)
    for step in _STEPS:
        step(draft)
    text = draft.text
    return NormalizedText(text=text, offsets=draft.origin.offsets(), damaged=lost_byte_spans(text))


def squash(text: str) -> str:
    """Comparable form: NFKC, simplified, pinyin notes gone, no white space."""
    text = strip_pinyin_notes(unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", to_simplified(text))
