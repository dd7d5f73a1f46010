"""Chinese numerals (三, 十二, 一百二十, 两千零七) read into numbers.

Only spans the number parser has already isolated come here, so this stays a small
positional reader; cn2an is the fallback for forms it does not know.
"""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
POWERS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(POWERS)


def read_cn_integer(span: str) -> int | None:
    """The value of a numeral below 万 (一百二十 -> 120, 十二 -> 12), None if not one.

    Digit strings without powers (二〇二四) are years or codes, not counts: None.
    """
    if not span or any(c not in CN_NUMERAL_CHARS for c in span):
        return None
    if len(span) > 1 and not any(c in POWERS for c in span):
        return None
    total, digit, last_power = 0, None, 10_000
    for char in span:
        if char in DIGITS:
            if digit is not None and DIGITS[char] != 0:
                return None  # 三四 (three or four) is not one number
            digit = DIGITS[char] or None
            continue
        power = POWERS[char]
        if power >= last_power:
            return None  # 十十, 百千: not a well-formed numeral (十四五 fails here too)
        total += (1 if digit is None else digit) * power
        digit, last_power = None, power
    return total + (digit or 0)


def format_cn_integer(value: int) -> str:
    """Write 0 < value < 10000 in Chinese numerals (the inverse, for tests and grounding)."""
    names = "零一二三四五六七八九"
    if not 0 < value < 10_000:
        raise ValueError(f"{value} is outside 1..9999")
    out, pending_zero = "", False
    for power, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // power % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += "零"
            pending_zero = False
        skip_one = power == 10 and digit == 1 and not out
        out += ("" if skip_one else names[digit]) + name
    return out
