"""Pairing predicted items with gold items, per document and kind, one to one.

A numeric pair is only possible when measure, sign and value agree (both ends of a
range, scale words converted: 1.3万人 == 13000人); among the possible pairs the
optimal assignment maximises similarity of indicator (synonyms and punctuation
normalised) and quote. Pairs below SIMILARITY_FLOOR are not matches: a prediction
that only shares a number with a gold item has found something else.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Generic, Literal, TypeVar

from eval.assignment import max_weight_assignment
from extract.canonical import canonical_code
from extract.canonical import normalize_indicator as canonical_name
from extract.normalize import squash
from extract.numbers import to_base
from schemas.items import GlossaryTerm, Item
from schemas.report import GoldDocument, ReportExtraction

Kind = Literal["targets", "results", "glossary", "main_targets"]
KINDS: tuple[Kind, ...] = ("targets", "results", "glossary", "main_targets")

SIMILARITY_FLOOR = 0.5  # items: weighted indicator + quote similarity
TERM_FLOOR = 0.8  # glossary: a term is a name; near-equality or nothing
INDICATOR_WEIGHT = 0.7  # the indicator says what is measured; the quote only where

# Spellings that name the same thing, beyond extract.canonical's list of the
# GOLD.md codes; applied after squash, lower-cased.
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("gdp", "地区生产总值"),
    ("规上", "规模以上"),
    ("社零额", "社会消费品零售总额"),
    ("社零", "社会消费品零售总额"),
    ("r&d", "研发"),
    ("一般预算收入", "一般公共预算收入"),
    ("外贸进出口", "进出口"),
)
# Region words that open an indicator without changing what it measures.
_LEADING_REGION = re.compile(r"^(全省|全市|全区|全县|全州|全旗|全镇|我省|我市|我区|我县)")
_TERM_MARKS = re.compile(r"^\s*[【\[(（]?\s*\d+\s*[】\])）]\s*")

T = TypeVar("T", Item, GlossaryTerm)


@dataclass(frozen=True)
class Pair:
    gold: int  # index into the gold list of this kind
    pred: int  # index into the predicted list of this kind
    similarity: float


@dataclass(frozen=True)
class Matching:
    """Outcome of pairing one document's gold and predicted items of one kind."""

    pairs: list[Pair]
    misses: list[int]  # gold indices with no partner
    false_positives: list[int]  # predicted indices with no partner
    # For each unpaired prediction, the closest gold item it could not have, and why.
    near: dict[int, tuple[int, float, str]] = field(default_factory=dict)


def _strip_marks(text: str) -> str:
    kept = [c for c in text if not unicodedata.category(c).startswith(("P", "Z", "C"))]
    return "".join(kept)


@lru_cache(maxsize=65536)
def _squash(text: str) -> str:
    return squash(text)


@lru_cache(maxsize=65536)
def normalize_indicator(text: str, canonical: bool = True) -> str:
    """Comparable indicator: squashed, lower-cased, synonyms and punctuation unified;
    with `canonical`, a name of a GOLD.md code becomes that code's first name."""
    out = _squash(text)
    out = (canonical_name(out) if canonical else out).lower()
    for old, new in SYNONYMS:
        out = out.replace(old, new)
    out = _LEADING_REGION.sub("", out)
    return _strip_marks(out)


@lru_cache(maxsize=65536)
def normalize_term(text: str) -> str:
    """Comparable glossary term: no footnote number, quotes or brackets."""
    return _strip_marks(_squash(_TERM_MARKS.sub("", text)).lower())


def _bigrams(text: str) -> Counter[str]:
    return (
        Counter(text[i : i + 2] for i in range(len(text) - 1)) if len(text) > 1 else Counter(text)
    )


def text_similarity(a: str, b: str) -> float:
    """The better of an in-order match (difflib ratio) and shared character pairs (Dice),
    so that 全面开工“两重”项目 and “两重”项目全面开工 count as the same words."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    ga, gb = _bigrams(a), _bigrams(b)
    dice = 2 * sum((ga & gb).values()) / (sum(ga.values()) + sum(gb.values()))
    return max(ratio, dice)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _end_agrees(g: float, g_unit: str, p: float, p_unit: str) -> bool:
    """Values agree after scaling; when the base units differ the unit is wrong, not the
    number, so equal written values still pair (and unit accuracy records the error)."""
    gv, gu = to_base(g, g_unit)
    pv, pu = to_base(p, p_unit)
    return _same(gv, pv) if gu == pu else _same(g, p)


# What kept a false positive from its closest gold item, by the reason's first words.
CAUSES = (
    ("measure ", "measure differs"),
    ("value ", "value differs"),
    ("range", "range differs"),
    ("one is qualitative", "number vs qualitative"),
    ("indicator/quote similarity", "indicator differs"),
    ("its gold partner", "partner taken"),
)


def cause_of(reason: str) -> str:
    """A short category for a false positive's reason (see CAUSES)."""
    return next((cause for prefix, cause in CAUSES if reason.startswith(prefix)), "no gold item")


def incompatibility(gold: Item, pred: Item) -> str | None:
    """Why `pred` can never be `gold`'s partner, or None when it can."""
    if (gold.value is None) != (pred.value is None):
        return "one is qualitative, the other has a number"
    if gold.value is None or pred.value is None:
        return None  # qualitative targets pair on the indicator alone
    if not _end_agrees(gold.value, gold.unit, pred.value, pred.unit):
        return f"value {pred.value:g}{pred.unit} vs gold {gold.value:g}{gold.unit}"
    if (gold.value_max is None) != (pred.value_max is None):
        return "range vs single value"
    if (
        gold.value_max is not None
        and pred.value_max is not None
        and not _end_agrees(gold.value_max, gold.unit, pred.value_max, pred.unit)
    ):
        return f"range end {pred.value_max:g} vs gold {gold.value_max:g}"
    if gold.measure != pred.measure:  # last: the same number read as the other measure
        return f"measure {pred.measure} vs gold {gold.measure}"
    return None


@lru_cache(maxsize=65536)
def _code(indicator: str) -> str | None:
    return canonical_code(_squash(indicator))


def indicator_similarity(gold: Item, pred: Item) -> float:
    codes = _code(gold.indicator), _code(pred.indicator)
    if None not in codes and codes[0] != codes[1]:
        return 0.0  # 城镇 vs 农村居民人均可支配收入: alike in letters, different figures
    # Both spellings: canonical names unify GDP and 地区生产总值, but only when both
    # sides have a code (经济 vs 经济增长 must still look alike).
    return max(
        text_similarity(normalize_indicator(gold.indicator), normalize_indicator(pred.indicator)),
        text_similarity(
            normalize_indicator(gold.indicator, False), normalize_indicator(pred.indicator, False)
        ),
    )


def item_similarity(gold: Item, pred: Item) -> float:
    ind = indicator_similarity(gold, pred)
    if not gold.quote or not pred.quote:
        return ind
    quote = text_similarity(_squash(gold.quote), _squash(pred.quote))
    return INDICATOR_WEIGHT * ind + (1 - INDICATOR_WEIGHT) * quote


def term_similarity(gold: GlossaryTerm, pred: GlossaryTerm) -> float:
    return text_similarity(normalize_term(gold.term), normalize_term(pred.term))


def _assign(
    gold: Sequence[T],
    pred: Sequence[T],
    rule: _Rule[T],
    floor: float,
) -> Matching:
    weight = [[0.0] * len(pred) for _ in gold]
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if rule.blocked(g, p) is None:  # similarity is only worth computing for possible pairs
                sim = rule.similarity(g, p)
                weight[gi][pi] = sim if sim >= floor else 0.0
    pairs = [Pair(g, p, weight[g][p]) for g, p in max_weight_assignment(weight)]
    paired_gold = {p.gold for p in pairs}
    paired_pred = {p.pred for p in pairs}
    unpaired = [i for i in range(len(pred)) if i not in paired_pred]
    return Matching(
        pairs=pairs,
        misses=[i for i in range(len(gold)) if i not in paired_gold],
        false_positives=unpaired,
        near={pi: _closest(gold, pred[pi], rule, floor) for pi in unpaired if gold},
    )


def _closest(gold: Sequence[T], p: T, rule: _Rule[T], floor: float) -> tuple[int, float, str]:
    """The gold item whose indicator a false positive most resembles, and what kept them
    apart: a blocking difference, too little similarity, or a better-placed rival."""
    # Among equally resembling gold items (地区生产总值 level and growth) prefer one
    # the prediction could have been.
    best = max(
        range(len(gold)),
        key=lambda gi: (round(rule.resemblance(gold[gi], p), 3), rule.blocked(gold[gi], p) is None),
    )
    g = gold[best]
    why = rule.blocked(g, p)
    sim = rule.similarity(g, p) if why is None else rule.resemblance(g, p)
    if why is None and sim < floor:
        why = f"indicator/quote similarity {sim:.2f} below floor {floor:.2f}"
    return best, sim, why or "its gold partner went to a closer prediction"


@dataclass(frozen=True)
class _Rule(Generic[T]):
    """How one kind pairs: what forbids a pair, how alike a pair is, and a cheap
    likeness for naming the closest gold item in a false positive's reason."""

    blocked: Callable[[T, T], str | None]
    similarity: Callable[[T, T], float]
    resemblance: Callable[[T, T], float]


@lru_cache(maxsize=65536)
def _pairs_of(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) or frozenset(text)


def _resemblance(g: Item, p: Item) -> float:
    a, b = _pairs_of(normalize_indicator(g.indicator)), _pairs_of(normalize_indicator(p.indicator))
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _never_blocked(g: GlossaryTerm, p: GlossaryTerm) -> str | None:
    return None


ITEM_RULE: _Rule[Item] = _Rule(incompatibility, item_similarity, _resemblance)
TERM_RULE: _Rule[GlossaryTerm] = _Rule(_never_blocked, term_similarity, term_similarity)


def match_items(gold: Sequence[Item], pred: Sequence[Item]) -> Matching:
    return _assign(gold, pred, ITEM_RULE, SIMILARITY_FLOOR)


def match_terms(gold: Sequence[GlossaryTerm], pred: Sequence[GlossaryTerm]) -> Matching:
    return _assign(gold, pred, TERM_RULE, TERM_FLOOR)


def scored_lists(
    gold: GoldDocument, pred: ReportExtraction | None, kind: Kind
) -> tuple[Sequence[Item] | Sequence[GlossaryTerm], Sequence[Item] | Sequence[GlossaryTerm]] | None:
    """The gold and predicted lists `kind` is scored on, honouring the gold scope;
    None when the gold says nothing about `kind`."""
    scope = gold.scope
    if kind == "glossary":
        if scope not in ("all", "glossary"):
            return None
        return list(gold.glossary), list(pred.glossary) if pred else []
    if scope == "glossary" or (kind == "results" and scope != "all"):
        return None
    if kind == "results":
        return list(gold.results), list(pred.results) if pred else []
    targets: list[Item] = list(pred.targets) if pred else []
    if kind == "main_targets" or scope == "main_targets":
        # main_targets gold lists only the headline list: other predicted targets
        # are neither right nor wrong there.
        gold_targets: list[Item] = [t for t in gold.targets if t.main or scope == "main_targets"]
        return gold_targets, [t for t in targets if t.main]
    return list(gold.targets), targets


def match_kind(gold: GoldDocument, pred: ReportExtraction | None, kind: Kind) -> Matching | None:
    """The matching of `kind` in one document, or None when its gold says nothing of it."""
    lists = scored_lists(gold, pred, kind)
    return None if lists is None else match_lists(kind, *lists)


def match_lists(
    kind: Kind,
    gold_list: Sequence[Item] | Sequence[GlossaryTerm],
    pred_list: Sequence[Item] | Sequence[GlossaryTerm],
) -> Matching:
    if kind == "glossary":
        return match_terms(_terms(gold_list), _terms(pred_list))
    return match_items(_items(gold_list), _items(pred_list))


def _terms(values: Sequence[object]) -> list[GlossaryTerm]:
    return [v for v in values if isinstance(v, GlossaryTerm)]


def _items(values: Sequence[object]) -> list[Item]:
    return [v for v in values if isinstance(v, Item)]
