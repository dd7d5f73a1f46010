"""Scoring predictions against gold: typed eval cases, evaluators with reasons,
precision/recall/F1 per kind, field accuracy on matched pairs, intervals over documents."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from eval.matching import (
    KINDS,
    Kind,
    Matching,
    cause_of,
    indicator_similarity,
    match_lists,
    scored_lists,
)
from eval.stats import Counts, Metric, measured, total
from schemas.items import GlossaryTerm, Item
from schemas.report import GoldDocument, ReportExtraction

Outcome = Literal["match", "false_positive", "miss"]

# Fields compared on matched pairs. measure and value are not here: a pair needs them equal.
# `indicator` agrees when the names are near-equal (INDICATOR_AGREES): a pair may be
# made on a weaker likeness when number and place agree, and this says how often the
# extractor also named it right.
FIELDS: dict[Kind, tuple[str, ...]] = {
    "targets": ("indicator", "unit", "qualifier", "year", "main", "canonical", "value_max"),
    "main_targets": ("indicator", "unit", "qualifier", "year", "canonical", "value_max"),
    "results": ("indicator", "unit", "qualifier", "year", "estimated", "canonical", "value_max"),
    "glossary": ("number",),
}
INDICATOR_AGREES = 0.8
NOUNS: dict[Kind, str] = {
    "targets": "targets",
    "results": "results",
    "glossary": "glossary terms",
    "main_targets": "main targets",
}


def field_order(present: Iterable[Kind]) -> list[str]:
    """The fields of the kinds `present`, in FIELDS order, each once (report columns)."""
    names: list[str] = []
    for kind in present:
        names += [n for n in FIELDS[kind] if n not in names]
    return names


@dataclass(frozen=True)
class EvalCase:
    """One document to score: its gold and what the run extracted (None: nothing)."""

    doc_id: str
    gold: GoldDocument
    prediction: ReportExtraction | None


@dataclass(frozen=True)
class EvaluationResult:
    """An evaluator's verdict, as in pydantic_evals: a value and the reason for it."""

    name: str
    value: float | None
    reason: str


@dataclass(frozen=True)
class Decision:
    """One match decision, a line of the per-item JSONL."""

    doc_id: str
    kind: Kind
    outcome: Outcome
    gold: Item | GlossaryTerm | None
    pred: Item | GlossaryTerm | None
    similarity: float | None
    reason: str
    mismatched: tuple[str, ...] = ()
    cause: str | None = None  # false positives: why no gold item took it (matching.CAUSES)

    def as_dict(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "outcome": self.outcome,
            "similarity": None if self.similarity is None else round(self.similarity, 4),
            "reason": self.reason,
            "cause": self.cause,
            "mismatched": list(self.mismatched),
            "gold": self.gold.model_dump(mode="json") if self.gold else None,
            "pred": self.pred.model_dump(mode="json") if self.pred else None,
        }


@dataclass
class CaseResult:
    case: EvalCase
    counts: dict[Kind, Counts] = field(default_factory=dict)  # only the kinds gold scores
    fields: dict[Kind, dict[str, tuple[int, int]]] = field(default_factory=dict)  # agree, total
    decisions: list[Decision] = field(default_factory=list)
    evaluations: list[EvaluationResult] = field(default_factory=list)

    def f1(self, kind: Kind) -> float | None:
        return self.counts[kind].f1 if kind in self.counts else None


def _same_value(a: object, b: object) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return a == b


def _agrees(name: str, gold: object, pred: object) -> bool:
    if name == "indicator" and isinstance(gold, Item) and isinstance(pred, Item):
        return indicator_similarity(gold, pred) >= INDICATOR_AGREES
    return _same_value(getattr(gold, name, None), getattr(pred, name, None))


def _difference(name: str, gold: object, pred: object) -> str:
    return f"{name}: gold {getattr(gold, name, None)!r}, predicted {getattr(pred, name, None)!r}"


def mismatched_fields(kind: Kind, gold: object, pred: object) -> tuple[str, ...]:
    return tuple(name for name in FIELDS[kind] if not _agrees(name, gold, pred))


class Evaluator(Protocol):
    """One verdict on a scored document, as in pydantic_evals: None when it does not apply."""

    def evaluate(self, result: CaseResult) -> EvaluationResult | None: ...


@dataclass(frozen=True)
class KindF1:
    kind: Kind

    def evaluate(self, result: CaseResult) -> EvaluationResult | None:
        counts = result.counts.get(self.kind)
        if counts is None:
            return None
        predicted, expected = counts.tp + counts.fp, counts.tp + counts.fn
        noun = NOUNS[self.kind]
        reason = (
            f"{counts.tp} of {predicted} predicted {noun} match gold; "
            f"{counts.tp} of {expected} gold {noun} found"
        )
        return EvaluationResult(f"{self.kind}_f1", counts.f1, reason)


@dataclass(frozen=True)
class FieldAccuracy:
    kind: Kind
    field: str

    def evaluate(self, result: CaseResult) -> EvaluationResult | None:
        agree, n = result.fields.get(self.kind, {}).get(self.field, (0, 0))
        if not n:
            return None
        wrong = [d for d in result.decisions if d.kind == self.kind and self.field in d.mismatched]
        example = ""
        if wrong:
            gold, pred = (getattr(wrong[0].gold, self.field), getattr(wrong[0].pred, self.field))
            example = f"; e.g. {_label(wrong[0].gold)!r}: gold {gold!r}, predicted {pred!r}"
        reason = f"{agree} of {n} matched {NOUNS[self.kind]} agree on {self.field}{example}"
        return EvaluationResult(f"{self.kind}_{self.field}_accuracy", agree / n, reason)


DEFAULT_EVALUATORS: tuple[Evaluator, ...] = (
    *(KindF1(kind) for kind in KINDS),
    *(FieldAccuracy(kind, name) for kind in KINDS for name in FIELDS[kind]),
)


def _decisions(
    doc_id: str, kind: Kind, matching: Matching, gold: Sequence[object], pred: Sequence[object]
) -> list[Decision]:
    out: list[Decision] = []
    for pair in matching.pairs:
        g, p = gold[pair.gold], pred[pair.pred]
        wrong = mismatched_fields(kind, g, p)
        reason = "; ".join(_difference(n, g, p) for n in wrong) if wrong else "all fields agree"
        out.append(
            Decision(doc_id, kind, "match", _item(g), _item(p), pair.similarity, reason, wrong)
        )
    for gi in matching.misses:
        out.append(
            Decision(doc_id, kind, "miss", _item(gold[gi]), None, None, "no prediction pairs")
        )
    for pi in matching.false_positives:
        reason, cause = "no gold item of this kind", "no gold item"
        if pi in matching.near:
            gi, _sim, why = matching.near[pi]
            reason, cause = f"closest gold {_label(gold[gi])!r}: {why}", cause_of(why)
        fp = Decision(doc_id, kind, "false_positive", None, _item(pred[pi]), None, reason)
        out.append(replace(fp, cause=cause))
    return out


def _item(value: object) -> Item | GlossaryTerm:
    assert isinstance(value, Item | GlossaryTerm)
    return value


def _label(value: object) -> str:
    if isinstance(value, GlossaryTerm):
        return value.term
    if isinstance(value, Item):
        return f"{value.indicator} {'' if value.value is None else f'{value.value:g}'}{value.unit}"
    return str(value)


def evaluate_case(
    case: EvalCase, evaluators: Sequence[Evaluator] = DEFAULT_EVALUATORS
) -> CaseResult:
    """Match every kind the gold scores; count, compare fields, then run the evaluators."""
    result = CaseResult(case)
    for kind in KINDS:
        lists = scored_lists(case.gold, case.prediction, kind)
        if lists is None:
            continue
        gold, pred = lists
        matching = match_lists(kind, gold, pred)
        counts = Counts(len(matching.pairs), len(matching.false_positives), len(matching.misses))
        result.counts[kind] = counts
        decisions = _decisions(case.doc_id, kind, matching, gold, pred)
        result.decisions += decisions
        result.fields[kind] = {
            name: (
                sum(name not in d.mismatched for d in decisions if d.outcome == "match"),
                counts.tp,
            )
            for name in FIELDS[kind]
        }
    verdicts = (e.evaluate(result) for e in evaluators)
    result.evaluations = [v for v in verdicts if v is not None]
    return result


@dataclass(frozen=True)
class CorpusScores:
    """Micro-averaged metrics over documents, with bootstrap intervals."""

    documents: int
    counts: dict[Kind, Counts]
    prf: dict[Kind, dict[str, Metric]]  # kind -> precision/recall/f1
    fields: dict[Kind, dict[str, Metric]]  # kind -> field accuracy on matched pairs
    causes: dict[Kind, Counter[str]] = field(default_factory=dict)  # false positives by cause


def _prf(kind: Kind, counts: list[Counts]) -> dict[str, Metric]:
    return {
        "precision": measured(f"{kind}_precision", counts, lambda s: total(s).precision),
        "recall": measured(f"{kind}_recall", counts, lambda s: total(s).recall),
        "f1": measured(f"{kind}_f1", counts, lambda s: total(s).f1),
    }


def _ratio(samples: Sequence[tuple[int, int]]) -> float | None:
    agree, n = sum(s[0] for s in samples), sum(s[1] for s in samples)
    return agree / n if n else None


def score_corpus(results: Sequence[CaseResult]) -> CorpusScores:
    counts: dict[Kind, Counts] = {}
    prf: dict[Kind, dict[str, Metric]] = {}
    fields: dict[Kind, dict[str, Metric]] = {}
    for kind in KINDS:
        scored = [r for r in results if kind in r.counts]
        if not scored:
            continue
        per_doc = [r.counts[kind] for r in scored]
        counts[kind] = total(per_doc)
        prf[kind] = _prf(kind, per_doc)
        fields[kind] = {
            name: measured(
                f"{kind}_{name}_accuracy", [r.fields[kind][name] for r in scored], _ratio
            )
            for name in FIELDS[kind]
        }
    causes = {
        kind: Counter(
            d.cause or ""
            for r in results
            for d in r.decisions
            if d.kind == kind and d.outcome == "false_positive"
        )
        for kind in counts
    }
    return CorpusScores(len(results), counts, prf, fields, causes)
