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

from extract.boilerplate import boilerplate_spans
from extract.mojibake import lost_byte_spans, mojibake_repairs
from extract.offsets import Pass, compose, regex_pass, spans_pass
from extract.pinyin import PINYIN_NOTES, strip_pinyin_notes


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


_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad]+")
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
_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$", re.M)
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
_TEXT_EDGES = re.compile(r"\A\n+|\n+\Z")


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    import opencc  # native, ~20 ms/MB; loaded once

    return opencc.OpenCC("t2s").convert


def to_simplified(text: str) -> str:
    """OpenCC t2s, applied until stable so that normalizing twice changes nothing."""
    convert = _t2s()
    for _ in range(3):
        new = convert(text)
        if new == text:
            break
        text = new
    return text


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


def _markup(text: str) -> Pass:
    """Strip tags until none is left (removing one may join the halves of another)."""
    total: list[int] | None = None
    for _ in range(5):
        text, index = regex_pass(text, _MARKUP, _markup_once)
        if index is None:
            break
        total = index if total is None else [total[i] for i in index]
    return text, total


_FULL_WIDTH = re.compile("[" + "".join(map(chr, _HALF_WIDTH)) + "]")


def _half_width(text: str) -> Pass:
    """One character for one: the offsets do not move."""
    return (text.translate(_HALF_WIDTH) if _FULL_WIDTH.search(text) else text), None


def _mojibake(text: str) -> Pass:
    return spans_pass(text, mojibake_repairs(text))


def _simplified(text: str) -> Pass:
    new = to_simplified(text)
    if len(new) == len(text):  # t2s almost always maps character for character
        return new, None
    return regex_pass(text, re.compile(r"[^\n]+"), lambda m: to_simplified(m.group()))


def _sub(pattern: re.Pattern[str], new: str) -> Callable[[str], Pass]:
    return lambda text: regex_pass(text, pattern, lambda _m: new)


_PASSES: list[Callable[[str], Pass]] = [
    _sub(_NEWLINES, "\n"),
    _sub(_INVISIBLE, ""),
    _markup,
    _nfc,
    _mojibake,
    _half_width,
    lambda text: regex_pass(text, PINYIN_NOTES, lambda _m: ""),
    _simplified,
    # t2s can turn a span that failed to decode into one that decodes: repair and
    # convert once more, so that a second normalize finds nothing left to do.
    _mojibake,
    _simplified,
    _sub(_EDGE_SPACE, ""),
    lambda text: spans_pass(text, boilerplate_spans(text)),
    _sub(_EDGE_SPACE, ""),
    _sub(_SPACE_RUN, " "),
    _sub(_BLANK_LINES, "\n\n"),
    _sub(_TEXT_EDGES, ""),
]


def normalize(raw: str) -> NormalizedText:
    """Normalized text of `raw` with its offset map and damaged spans. Idempotent."""
    text, offsets = raw, list(range(len(raw)))
    for step in _PASSES:
        text, index = step(text)
        offsets = compose(offsets, index)
    return NormalizedText(text=text, offsets=offsets, damaged=lost_byte_spans(text))


def squash(text: str) -> str:
    """Comparable form: NFKC, simplified, pinyin notes gone, no white space."""
    text = strip_pinyin_notes(unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", to_simplified(text))
