"""Pinyin notes after characters, as web copies print them: `區(qū)域經(jīng)濟`.

A note is a tone-marked syllable in `()` or `（）` right after a Chinese
character. Real parentheses stay: `(一)`, `(GDP)`, `(江西省)`, `(2024年)`, `(km)`
carry no tone mark. Consecutive notes go together, so stripping is idempotent.
"""

from __future__ import annotations

import re

TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"  # a note holds one of them
_LETTERS = f"a-zü{TONE_MARKS}ê"
_OPEN = "[(（]"
_AFTER_OPEN = rf"(?=[{_LETTERS}]{{1,7}}[)）])[a-züê]*[{TONE_MARKS}][{_LETTERS}]*[)）]"
_HAN = r"[\u3400-\u9fff\uf900-\ufaff]"
# One or more notes right after a Chinese character. The look-behind follows the
# first `(` rather than leading the pattern, so that `re` jumps from parenthesis
# to parenthesis instead of trying every position of the text (6x faster).
PINYIN_NOTES = re.compile(rf"{_OPEN}(?<={_HAN}{_OPEN}){_AFTER_OPEN}(?:{_OPEN}{_AFTER_OPEN})*")


def strip_pinyin_notes(text: str) -> str:
    return PINYIN_NOTES.sub("", text)
