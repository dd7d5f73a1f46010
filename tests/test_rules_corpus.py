"""The rules extractor against the gold corpus, scored by eval's own matcher (issue 4).

Acceptance: micro F1 >= 0.98 glossary, >= 0.85 targets and results, >= 0.95 main
targets; qualifier, year, estimated and main agree with gold on >= 95% of matched
items (measure is part of the match itself). On the 31 provincial 2026 reports every
report yields a main GDP target.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from eval.gold import load_gold
from eval.scores import CorpusScores, EvalCase, evaluate_case, score_corpus
from extract.documents import load_document
from extract.pipeline import extract_document
from extract.rules import RulesBackend
from schemas.report import ReportExtraction

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
PROVINCES = SHARED / "external" / "provinces-2026"
F1_FLOORS = {"glossary": 0.98, "targets": 0.85, "results": 0.85, "main_targets": 0.95}
AGREEMENT_FLOOR = 0.95
AGREEING_FIELDS = {
    "targets": ("qualifier", "year", "main"),
    "main_targets": ("qualifier", "year"),
    "results": ("qualifier", "year", "estimated"),
}


def _extract(path: Path) -> ReportExtraction:
    return extract_document(load_document(path), RulesBackend())


@lru_cache(maxsize=1)
def _corpus_scores() -> CorpusScores:
    gold = load_gold(CORPUS)
    cases = [
        EvalCase(doc_id, doc, _extract(CORPUS / "texts" / f"{doc_id}.txt"))
        for doc_id, doc in sorted(gold.documents.items())
    ]
    return score_corpus([evaluate_case(case) for case in cases])


@pytest.mark.corpus
@pytest.mark.parametrize("kind", sorted(F1_FLOORS))
def test_rules_reach_the_f1_floor(kind: str) -> None:
    f1 = _corpus_scores().prf[kind]["f1"].value  # type: ignore[index]
    assert f1 is not None and f1 >= F1_FLOORS[kind], f"{kind} F1 {f1}"


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("kind", "field"), [(k, f) for k, fields in AGREEING_FIELDS.items() for f in fields]
)
def test_fields_of_matched_items_agree_with_gold(kind: str, field: str) -> None:
    agreement = _corpus_scores().fields[kind][field].value  # type: ignore[index]
    assert agreement is not None and agreement >= AGREEMENT_FLOOR, f"{kind}.{field} {agreement}"


@pytest.mark.external
@pytest.mark.parametrize("path", sorted(PROVINCES.glob("*.txt")), ids=lambda p: p.stem)
def test_every_provincial_report_has_a_main_gdp_target(path: Path) -> None:
    main = [t for t in _extract(path).targets if t.main]
    gdp = [t for t in main if t.canonical == "gdp" and t.value is not None]
    assert gdp, f"{path.stem}: main targets {[t.quote for t in main]}"
