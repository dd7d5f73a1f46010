"""The indicator of each figure: which words around a number name what it measures.

A number takes the words before it (`地区生产总值增长5%`), the noun after a count
(`建设4万亩高标准农田`), its place in a list served by one verb (`A、B分别增长x%、y%`)
or, naming nothing itself, the name of the figure before it (`320亿元、增长6%`).
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from extract.numbers import NumberMention, to_base
from extract.rules import indicators as ind
from extract.rules.text import HARD_BREAKS, clause_start, is_cjk

_JOINERS = ("、", "和", "及", "，", ",")
_VERB_FIRST = re.compile(r"调整|增长|下降|提高|提升|达到|增加|减少|降低|为|是|比|较|同比")
_TOTAL_WORDS = frozenset({"总量", "总数", "总额", "规模", "总规模", "总计", "累计"})
_TOGETHER = re.compile(r"双双|均|都|分别|同时|各")
_COUNTING_VERB = re.compile(r"(?:新增|新认定|新培育|新建|累计)")
# The noun after a count of milestones passed (4个千亿台阶, 3个万亿元台阶、达…).
_MILESTONE = re.compile(r"[^，,。；;、]{0,4}(?:台阶|大关|关口)")


class Figure(NamedTuple):
    """One number read with its indicator, before it becomes a Target or a Result."""

    indicator: str
    quote_start: int  # in the section text
    mention: NumberMention  # offsets in the section text
    growth: bool
    quote_end: int = -1  # where the quote ends when the name follows the number, else -1
    label: bool = False  # names the figures after it but is none itself (连跨4个千亿台阶)


def chain(text: str, mentions: list[NumberMention], k: int) -> list[NumberMention]:
    """Mentions k, k+1, … written as one list (`26.8%、12%、0.6%和25.9%`)."""
    chain = [mentions[k]]
    unit = mentions[k].unit
    for nxt in itertools.islice(mentions, k + 1, None):
        if text[chain[-1].end : nxt.start] not in _JOINERS:
            break  # the common case, asked first: the next number is not listed with this one
        counts = nxt.unit in ind.COUNT_UNITS and unit in ind.COUNT_UNITS
        same = nxt.unit == unit or to_base(1, nxt.unit)[1] == to_base(1, unit)[1]
        if not (same or counts):
            break  # 分别新增11个和27项: counts of different things still pair up
        chain.append(nxt)
    return chain


def respectively(
    text: str, chain: list[NumberMention], floor: int, before: list[Figure]
) -> list[Figure]:
    """`A、B分别增长x%、y%`: the i-th indicator takes the i-th number."""
    if len(chain) < 2:
        return []
    lstart = clause_start(text, chain[0].start, floor)
    words = text[lstart : chain[0].start]
    listed, _, predicate = words.rpartition("分别") if "分别" in words else (words, "", "")
    if _:
        # A、B预计分别…: 预计 names neither; but a bare 累计分别 stays, to prefix the names
        listed = ind.strip_predicate(listed)[0] or listed
    else:
        listed, predicate = ind.strip_predicate(words)
    cut, listed = ind.strip_head(listed)
    growth = bool(ind.growth_from(predicate, "", chain[0].unit))
    parts = [(at, p) for at, p in ind.split_list_any(listed) if ind.clean(p)]
    if not parts and _ and not before and lstart > floor + 1:
        # `A、B从无到有，分别达2个、3个`: the list is the clause before
        lstart = clause_start(text, lstart - 1, floor)
        cut, listed = ind.strip_head(text[lstart : text.rfind("分别", lstart, chain[0].start)])
        listed = listed.rstrip("，,")
        parts = [(at, p) for at, p in ind.split_list_any(listed) if ind.clean(p)]
        if len(parts) != len(chain):
            return []
    if len(parts) == 1 and len(chain) == 2 and parts[0][1].startswith("城乡"):
        at, whole = parts[0]  # 城乡居民收入 23292元和7750元: urban, then rural
        return [
            Figure("城镇" + whole[2:], lstart + cut + at, chain[0], growth),
            Figure("农村" + whole[2:], lstart + cut + at, chain[1], growth),
        ]
    if len(parts) == len(chain):
        return [
            Figure(ind.clean(p), lstart + cut + at, m, growth or ind.names_a_rate(p))
            for (at, p), m in zip(parts, chain, strict=True)
        ]
    if len(parts) <= 1 and _ and len(before) >= len(chain):
        prefix = ind.clean(ind.strip_dated(listed)) + _counting_verb(predicate)
        earlier = before[-len(chain) :]
        return [
            Figure(prefix + f.indicator, f.quote_start, m, growth)
            for f, m in zip(earlier, chain, strict=True)
        ]
    name = ind.clean(listed)
    if len(parts) == 1 and name:
        return [Figure(name, lstart + cut, m, growth) for m in chain]
    return []


def _counting_verb(predicate: str) -> str:
    """新增/新认定/累计 say what is counted and stay in the indicator (GOLD.md)."""
    found = _COUNTING_VERB.match(predicate)
    return found.group() if found else ""


def name_figures(
    text: str, m: NumberMention, floor: int, ceiling: int, before: list[Figure]
) -> tuple[list[Figure], int]:
    """The figure(s) of one mention, and how far its indicator reached to the right."""
    lstart, words = ind.left_words(text, m, floor)
    words, predicate = ind.strip_predicate(words)
    together = _TOGETHER.search(predicate)  # 事故、死亡率双双下降75%; A、B各1家
    listed = _listed_before(text, m, floor, lstart)
    if listed and not together:
        return listed, -1
    if together:
        lstart = clause_start(text, m.start, floor)
        words, predicate = ind.strip_predicate(text[lstart : m.start])
    if words == "经济" and predicate.startswith("增长"):
        words = "经济增长"  # the growth of the economy: GDP
    if words.startswith("占") and before:
        share = before[-1].indicator + words  # X项, 占全国28.7%: X's share of the country
        return [Figure(share, before[-1].quote_start, m, False)], -1
    named_words = words
    cut, words = ind.strip_head(words)
    right = ""
    if _takes_right(m, words):
        right = _right(text, m, ceiling)
    growth = ind.growth_from(predicate, named_words, m.unit)
    if right and m.unit not in ("%", "个百分点"):
        growth = False  # 增加1万个错时共享停车位: a count of new things, a level
    if m.unit in ("倍", "番"):
        growth = True
    if right and _MILESTONE.match(right):
        # 连跨4个千亿台阶: a count of milestones passed is no figure, but its words name
        # the figures after it (`，2024年达到1.3万亿元`); 突破2万亿元大关: the amount is
        label = ind.clean(words)
        if m.unit in ind.COUNT_UNITS or not label:
            return ([Figure(label, lstart + cut, m, False, label=True)] if label else []), -1
        right = ""
    if right and words.endswith(("等", "和", "及", "与")) and _names_itself(words, right):
        # 北京天坛医院等5家医院: the examples are not the name; 53个专科和7个医院: nor
        # is the list item before the joiner
        cut, words = cut + len(words), ""
    name = ind.clean(words + _subject(text, m, right))
    if not name:
        return _named_by_previous(text, m, lstart, predicate, growth, before), -1
    start = lstart + cut
    if before and not right and text[lstart - 1 : lstart] == "、":
        # the list goes on right after the sibling's number, with no verb of its own
        listed_on = before[-1].mention.end == lstart - 1 and not predicate
        name = _after_a_sibling(before[-1], ind.clean(words), m, listed_on)
    if right:
        # the quote holds the name too (`建设4万亩高标准农田`), not only the number
        reach = m.end + len(right)
        return [Figure(name, min(start, m.start), m, bool(growth), reach)], reach
    parts = ind.split_list_any(words) if together else ind.split_list(words)
    shared = _shared_by_list(parts, start, m, bool(growth))
    return shared or [Figure(name, start, m, bool(growth))], -1


def _named_by_previous(
    text: str,
    m: NumberMention,
    lstart: int,
    predicate: str,
    growth: bool | None,
    before: list[Figure],
) -> list[Figure]:
    """A number naming nothing itself (`320亿元、增长6%`) takes the figure before's name."""
    if not before:
        return []
    prev = before[-1]
    same_unit = prev.mention.unit == m.unit
    g = growth if growth is not None else (prev.growth if same_unit else False)
    indicator = prev.indicator
    if predicate.startswith("累计") and text[lstart - 1 : lstart] in ("、", "，", ","):
        # 新增公园141座、累计达到973座: the total of what the flow adds to
        indicator = "累计" + ind.strip_counting_verb(indicator)
    return [Figure(indicator, prev.quote_start, m, g)]


def _shared_by_list(
    parts: tuple[tuple[int, str], ...] | list[tuple[int, str]],
    start: int,
    m: NumberMention,
    growth: bool,
) -> list[Figure]:
    """One figure per name of a list sharing the number, or [] (most words are one name)."""
    if len(parts) < 2:
        return []
    figures = [
        Figure(ind.clean(p), start + at, m, growth or ind.names_a_rate(p))
        for at, p in parts
        if ind.clean(p)
    ]
    return figures if len(figures) >= 2 else []


def _subject(text: str, m: NumberMention, right: str) -> str:
    """What the count `m` counts, from the words `right` after it ("" for none)."""
    if not right:
        return ""  # most numbers: a rate or an amount named by the words before it
    # a predicate running into the next number is that number's (`8个村收入达到50万元`)
    reach = m.end + len(right)
    return ind.subject_of(right, reach == len(text) or text[reach] in HARD_BREAKS)


def _names_itself(words: str, right: str) -> bool:
    """Whether the noun after a count is a whole name without the words before it:
    `实践中心和88个站所` shares its head with the item before; `等` never does."""
    return words.endswith("等") or len(ind.subject_of(right, False)) > 2


def _after_a_sibling(prev: Figure, words: str, m: NumberMention, listed_on: bool) -> str:
    """`改造开工742个、完工548个`, `议案4项、建议880件`: the second names only what differs."""
    if words in _TOTAL_WORDS:
        return ind.strip_counting_verb(prev.indicator) + words  # 净增175户、总数达到665户
    if len(words) == 2 and len(prev.indicator) > 3 and prev.mention.unit[-1:] == m.unit[-1:]:
        return prev.indicator[:-2] + words
    # 新引进顶尖人才22名、领军人才189名: the list's counting verb says what each counts
    # (not 新签约项目2314个、签约额…: the verb is already in the name)
    verb = ind.counting_verb(prev.indicator) if listed_on else ""
    if not verb or ind.counting_verb(words) or verb[-2:] in words:
        return words
    return verb + words


def _listed_before(text: str, m: NumberMention, floor: int, lstart: int) -> list[Figure]:
    """`A率、B率稳定在100%`: the 、 cut the clause, but the number serves the whole list."""
    if text[lstart - 1 : lstart] != "、":
        return []
    hard = clause_start(text, m.start, floor)
    if hard >= lstart:
        return []
    listed, predicate = ind.strip_predicate(text[hard : m.start])
    cut, listed = ind.strip_head(listed)
    parts = ind.split_list(listed)
    if len(parts) < 2:
        return []
    growth = bool(ind.growth_from(predicate, listed, m.unit))
    return [
        Figure(ind.clean(p), hard + cut + at, m, growth or ind.names_a_rate(p)) for at, p in parts
    ]


def _takes_right(m: NumberMention, words: str) -> bool:
    """Whether the noun after the number names what is counted (`建设4万亩高标准农田`)."""
    if m.unit in ("", "%", "个百分点", "倍", "番", "成"):
        return False  # asked first: the words need no cleaning then
    return m.unit in ind.COUNT_UNITS or len(ind.clean(words)) <= 2


def _right(text: str, m: NumberMention, ceiling: int) -> str:
    right = ind.right_words(text, m, ceiling)
    if not right or (not is_cjk(right[0]) and right[0] not in '“"《'):
        return ""
    if right.startswith(("以", "左右", "多", "余", "的", "和", "或", "及", "至", "到", "、")):
        return ""
    if _VERB_FIRST.match(right):
        return ""  # 50.1调整为…, 100亿元增长到…: what follows is a predicate, not a noun
    return right
