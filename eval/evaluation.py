"""Everything one `govx eval` measured, and how it is built from a run and a gold corpus."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eval.crosscheck import CrossCheck, cross_check, find_document
from eval.gold import GoldCorpus, load_gold
from eval.predictions import Run, load_run
from eval.scores import CaseResult, CorpusScores, EvalCase, evaluate_case, score_corpus
from eval.stats import Metric, measured
from extract.documents import Document, load_document
from schemas.errors import GovxError
from schemas.report import ReportExtraction


@dataclass(frozen=True)
class Evaluation:
    run: Run
    gold: GoldCorpus | None
    cases: list[CaseResult]
    scores: CorpusScores | None
    checks: dict[str, CrossCheck]
    check_metrics: dict[str, Metric]  # coverage, grounding_rate
    notes: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # normalized text by doc_id, if found

    def text_for(self, case: CaseResult) -> str | None:
        pred = case.case.prediction
        return self.texts.get(pred.doc_id if pred else case.case.doc_id)


def _prediction_for(run: Run, doc_id: str) -> ReportExtraction | None:
    # Gold files are named by doc_id and run files by the input's stem; either may be
    # the one that agrees, e.g. when two inputs shared a stem and one became `x-2`.
    if doc_id in run.extractions:
        return run.extractions[doc_id]
    for extracted_id, stem in run.stems.items():
        if stem == doc_id:
            return run.extractions[extracted_id]
    return None


def build_cases(run: Run, gold: GoldCorpus) -> tuple[list[EvalCase], list[str]]:
    """One case per gold document; a gold document the run lacks scores as all misses."""
    cases, notes = [], []
    for doc_id, doc in sorted(gold.documents.items()):
        pred = _prediction_for(run, doc_id)
        if pred is None:
            notes.append(f"{doc_id}: in gold but not in the run (scored as all misses)")
        cases.append(EvalCase(doc_id, doc, pred))
    scored = {c.prediction.doc_id for c in cases if c.prediction}
    notes += [
        f"{d}: in the run but not in gold (cross-checked only)"
        for d in run.extractions
        if d not in scored
    ]
    return cases, notes


def _fallbacks(run: Run, doc_id: str, gold: GoldCorpus | None) -> list[Path]:
    paths = []
    extraction = run.extractions[doc_id]
    if extraction.source and not Path(extraction.source).is_absolute():
        paths.append(run.path / extraction.source)
    if gold is not None:
        for name in (doc_id, run.stems.get(doc_id, doc_id)):
            found = gold.text_path(name)
            if found is not None:
                paths.append(found)
    return paths


def _ratio(pairs: Sequence[tuple[int, int]]) -> float | None:
    hit, n = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    return hit / n if n else None


def check_metrics(checks: Sequence[CrossCheck]) -> dict[str, Metric]:
    with_text = [c for c in checks if not c.note]
    return {
        "coverage": measured("coverage", [(c.covered, c.candidates) for c in with_text], _ratio),
        "grounding_rate": measured(
            "grounding_rate", [(c.grounded, c.items) for c in checks], _ratio
        ),
    }


def evaluate(pred_dir: Path, gold_dir: Path | None = None) -> Evaluation:
    run = load_run(Path(pred_dir))
    gold = load_gold(Path(gold_dir)) if gold_dir is not None else None
    notes = list(run.problems) + (list(gold.problems) if gold else [])
    cases: list[CaseResult] = []
    scores = None
    if gold is not None:
        eval_cases, missing = build_cases(run, gold)
        notes += missing
        cases = [evaluate_case(c) for c in eval_cases]
        scores = score_corpus(cases)
    checks, texts = {}, {}
    for doc_id, extraction in sorted(run.extractions.items()):
        doc = find_document(extraction, _fallbacks(run, doc_id, gold))
        checks[doc_id] = cross_check(extraction, doc)
        if isinstance(doc, Document):
            texts[doc_id] = doc.text
    texts |= _gold_only_texts(cases, gold, texts)
    notes += [c.note for c in checks.values() if c.note]
    metrics = check_metrics(list(checks.values()))
    return Evaluation(run, gold, cases, scores, checks, metrics, notes, texts)


def _gold_only_texts(
    cases: list[CaseResult], gold: GoldCorpus | None, have: dict[str, str]
) -> dict[str, str]:
    """Texts of gold documents the run lacks, so their misses can show their sentences."""
    out: dict[str, str] = {}
    for case in cases:
        path = gold.text_path(case.case.doc_id) if gold and case.case.prediction is None else None
        if path is not None and case.case.doc_id not in have:
            try:
                out[case.case.doc_id] = load_document(path).text
            except GovxError:
                continue
    return out
