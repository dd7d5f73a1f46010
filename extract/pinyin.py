"""Pinyin notes after characters, as web copies print them: `區(qū)域經(jīng)濟`.

A note is a tone-marked syllable in `()` or `（）` right after a Chinese
character. Real parentheses stay: `(一)`, `(GDP)`, `(江西省)`, `(2024年)`, `(km)`
carry no tone mark. Consecutive notes go together, so stripping is idempotent.
"""

from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LETTERS = f"a-zü{_TONED}ê"
_NOTE = rf"[(（](?=[{_LETTERS}]{{1,7}}[)）])[a-züê]*[{_TONED}][{_LETTERS}]*[)）]"
PINYIN_NOTES = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff])(?:{_NOTE})+")


def strip_pinyin_notes(text: str) -> str:
    return PINYIN_NOTES.sub("", text)
