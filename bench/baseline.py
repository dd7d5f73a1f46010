"""The yardsticks: what reading the same text with regular expressions alone costs.

- `bare_pass`: OpenCC t2s, then one regex for numbers with units; the least any tool
  must do to read the figures of a traditional-Chinese report.
- `regex_extract`: the "thirty-line regex" of the rules issue: the same conversion and
  regex, a crude review/plan split, and an item (kind, indicator, value, unit, quote)
  per match. It scores about 0.66/0.67/0.79 F1 on the corpus and runs at about
  5 MB/s; govx's whole offline pipeline is held to 1.7x its time.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_DIGITS = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零一二两三四五六七八九十百千万亿]+)"
_UNITS = (
    "个百分点|%|‰|倍|万亿元|亿元|万元|元|亿美元|万美元|美元|万人次|万人|人次|人|万户|户|"
    "平方公里|平方米|万亩|亩|公顷|公里|千米|米|万吨|吨|万千瓦|千瓦|家|个|项|所|套|辆|座|条|台|张|"
    "次|件|处|批|名|位|场|栋|间"
)
NUMBER_WITH_UNIT = re.compile(
    rf"(?P<pre>约|近|超过|超|突破)?(?P<num>{_DIGITS})(?:[-—至到~](?P<max>{_DIGITS}))?"
    rf"(?:余|多)?(?P<unit>{_UNITS})(?P<post>左右|以上|以内|以下)?"
)
_PLAN_HEADING = re.compile(
    r"\n[一二三四五六七八九十]+、[^\n]{0,30}(?:今年|工作安排|主要预期目标|总体要求)"
)
_CLAUSE_END = re.compile(r"[，。；：,;:\n]")
_CN = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def converter() -> Callable[[str], str]:
    import opencc

    convert: Callable[[str], str] = opencc.OpenCC("t2s").convert
    return convert


def bare_pass(text: str, convert: Callable[[str], str]) -> int:
    """Convert, then find every number with a unit; returns how many (so nothing is elided)."""
    return sum(1 for _ in NUMBER_WITH_UNIT.finditer(convert(text)))


def _value(num: str) -> float | None:
    if num[0].isdigit():
        return float(num.replace(",", ""))
    return float(_CN[num]) if len(num) == 1 and num in _CN else None


def regex_extract(text: str, convert: Callable[[str], str]) -> list[dict[str, object]]:
    """The thirty-line regex extractor: an item per number with a unit, kind by position."""
    text = convert(text)
    plan = _PLAN_HEADING.search(text)
    plan_at = plan.start() if plan else len(text)
    items: list[dict[str, object]] = []
    for m in NUMBER_WITH_UNIT.finditer(text):
        window = text[max(0, m.start() - 60) : m.start()]
        ends = [e.end() for e in _CLAUSE_END.finditer(window)]
        indicator = window[ends[-1] :] if ends else window
        items.append(
            {
                "kind": "target" if m.start() >= plan_at else "result",
                "indicator": indicator,
                "value": _value(m["num"]),
                "value_max": _value(m["max"]) if m["max"] else None,
                "unit": m["unit"],
                "quote": indicator + m.group(0),
            }
        )
    return items
