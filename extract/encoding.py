"""Decode a text file's bytes whatever common encoding it was saved in.

Order: a byte-order mark decides; else strict UTF-8 (valid UTF-8 is almost
never an accident); else every strict decoding among GB18030, Big5 and UTF-16
is scored by how much of it is everyday Chinese, and the best one wins. No
guessing library is needed for the handful of encodings reports come in.
"""

from __future__ import annotations

import codecs

from schemas.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CANDIDATES = ("gb18030", "big5hkscs", "utf-16-le", "utf-16-be")
# The most frequent Chinese characters (simplified); traditional text is scored after t2s.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制"
    "机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正"
    "心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党"
    "程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角"
    "期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压"
    "志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万"
    "每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林"
    "律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史"
    "感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层"
    "片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严推项目服企镇亿施营投环"
)
_MIN_SCORE = 0.2
_MAX_REPLACED = 0.002  # share of undecodable bytes tolerated as damage (flagged later)


def _score(text: str) -> float:
    """Share of non-ASCII characters that are everyday Chinese."""
    from extract.normalize import to_simplified

    sample = [c for c in to_simplified(text[:20000]) if not c.isascii() and not c.isspace()]
    if not sample:
        return 1.0 if text.isascii() else 0.0
    return sum(c in _COMMON for c in sample) / len(sample)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes, name: str) -> str:
    """Text of `data`; InputError naming `name` when no common encoding fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is not None:
                return text
    text = _strict(data, "utf-8")
    if text is not None and "\x00" not in text:
        return text
    scored = []
    for encoding in _CANDIDATES:
        decoded = _strict(data, encoding)
        if decoded is not None and "\x00" not in decoded:
            scored.append((_score(decoded), decoded))
    if scored:
        score, best = max(scored, key=lambda pair: pair[0])
        if score >= _MIN_SCORE:
            return best
    return _damaged_decode(data, name)


def _damaged_decode(data: bytes, name: str) -> str:
    """A file with a few broken bytes: keep it, with U+FFFD marking the damage."""
    if b"\x00" in data:
        raise InputError(f"{name} looks binary, not text; give a .txt, .html, .pdf or .docx report")
    best: tuple[float, str] | None = None
    for encoding in ("utf-8", "gb18030", "big5hkscs"):
        text = data.decode(encoding, errors="replace")
        if text.count("\ufffd") <= _MAX_REPLACED * len(data):
            score = _score(text)
            if score >= _MIN_SCORE and (best is None or score > best[0]):
                best = (score, text)
    if best is None:
        raise InputError(
            f"cannot decode {name}: not UTF-8, GB18030, Big5 or UTF-16; save it as UTF-8 and retry"
        )
    return best[1]
