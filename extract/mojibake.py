"""UTF-8 bytes that were read as GBK (`鍖哄煙缁忔祹` for `区域经济`), and lost bytes.

A span is repaired only when its GBK bytes decode as strict UTF-8 into ordinary
Chinese (GB2312 characters and punctuation) that would not itself be repaired
again, which keeps the repair idempotent. Spans whose bytes were lost (`?。?`, U+FFFD) cannot be
repaired; they are reported so later stages know the text is damaged there.
"""

from __future__ import annotations

import codecs
import re

# Every branch opens with the character itself (`\?\?*`, not `\?+`; the look-behind
# after the first `?`), so that `re` jumps from one `?` to the next instead of
# trying every position of the text (10x faster).
_LOST = re.compile(
    r"\?[^\x00-\x7f\s]{1,2}\?+"  # `?。?`: bytes lost on both sides of a character
    r"|\?(?<=[^\x00-\x7f\s]\?)\?*|\?\?*(?=[^\x00-\x7f\s])"  # `?` glued to Chinese text
    r"|\?\?*(?=[a-züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,6}\))"  # `?` eating a pinyin note's `(`
    r"|\ufffd\ufffd*"
)
# What follows a lost byte is often the rest of the broken sequence: a stray `!` or
# `;`, the tail of a pinyin note (`qū)`), then characters no plain text uses.
_LOST_TAIL = re.compile(r"[!;]?(?:[a-züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,6}\))?")
_TAIL_MAX = 6
_PLAIN_PUNCTUATION = set("，。、；：？！“”‘’（）《》—…·")
_MAX_SPAN = 400  # characters examined from one start; mojibake runs are short
_MIN_REPAIRED = 2  # one repaired character could be chance; two rarely are


def _gbk(ch: str) -> bytes | None:
    try:
        return ch.encode("gbk")
    except UnicodeEncodeError:
        return None


def _is_plain_chinese(text: str) -> bool:
    """Common GB2312 characters and punctuation: what repaired text should look like."""
    has_han = False
    for ch in text:
        if ch.isascii():
            continue
        raw = _gbk(ch)
        if raw is None or len(raw) != 2:
            return False
        lead = raw[0]
        if 0xB0 <= lead <= 0xF7:
            has_han = True
        elif not 0xA1 <= lead <= 0xA9:  # GB2312 punctuation and symbols
            return False
    return has_han


def _clean_cuts(text: str, start: int) -> list[tuple[int, str]]:
    """Every text[start:end] whose GBK bytes are complete UTF-8, longest first."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    out: list[str] = []
    cuts: list[tuple[int, str]] = []
    for pos in range(start, min(len(text), start + _MAX_SPAN)):
        raw = _gbk(text[pos])
        if raw is None:
            break
        try:
            out.append(decoder.decode(raw))
        except UnicodeDecodeError:
            break
        if decoder.getstate()[0] == b"" and pos > start:
            cuts.append((pos + 1, "".join(out)))
    return cuts[::-1]


def _acceptable(repaired: str, width: int) -> bool:
    return (
        len(repaired) < width
        and sum(not ch.isascii() for ch in repaired) >= _MIN_REPAIRED
        and _is_plain_chinese(repaired)
        and not mojibake_repairs(repaired)  # a repair must not invite another one
    )


def _start_characters() -> str:
    """GBK characters whose two bytes open a UTF-8 three-byte sequence.

    GBK-read UTF-8 Chinese always starts with one of them, so only these
    positions need a decoding attempt. Requiring the second byte to continue
    the sequence, not only the first to open it, leaves a third of the
    characters, and so a third of the attempts on ordinary text.
    """
    chars = []
    for lead in range(0xE0, 0xF0):
        for trail in range(0x40, 0xFF):
            try:
                char = bytes((lead, trail)).decode("gbk")
                codecs.getincrementaldecoder("utf-8")("strict").decode(char.encode("gbk"))
            except UnicodeDecodeError:
                continue
            chars.append(char)
    return "".join(chars)


_START = re.compile(f"[{re.escape(_start_characters())}](?=[\u0080-\uffff])")


def mojibake_repairs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, repaired) spans for GBK-read UTF-8, sorted and disjoint."""
    repairs: list[tuple[int, int, str]] = []
    done = 0
    for start in _START.finditer(text):
        pos = start.start()
        if pos < done:
            continue
        for end, repaired in _clean_cuts(text, pos):
            if _acceptable(repaired, end - pos):
                repairs.append((pos, end, repaired))
                done = end
                break
    return repairs


def _is_rare(ch: str) -> bool:
    """Not a common (GB2312 level 1) character nor Chinese punctuation."""
    if ch.isascii() or ch in _PLAIN_PUNCTUATION:
        return False
    raw = _gbk(ch)
    return raw is None or len(raw) != 2 or not (0xB0 <= raw[0] <= 0xD7 and raw[1] >= 0xA1)


def _tail_end(text: str, pos: int) -> int:
    pos = _LOST_TAIL.match(text, pos).end()  # type: ignore[union-attr]  # always matches
    stop = min(len(text), pos + _TAIL_MAX)
    while pos < stop and _is_rare(text[pos]):
        pos += 1
    return pos


def lost_byte_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` where bytes were lost before govx saw it, garbled tail included."""
    if "?" not in text and "\ufffd" not in text:  # 30x faster than a scan finding nothing
        return []
    spans: list[tuple[int, int]] = []
    for match in _LOST.finditer(text):
        start, end = match.start(), _tail_end(text, match.end())
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans
