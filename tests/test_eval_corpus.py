"""The harness against the whole corpus: the gold as prediction scores 1.00, a perturbed
gold scores exactly as its perturbation predicts, and the cross-check catches it."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.evaluation import Evaluation, evaluate
from eval.matching import KINDS
from schemas.items import Grounding
from tests.eval_runs import (
    CORPUS,
    Perturbation,
    expected_counts,
    gold_documents,
    perturb,
    write_run,
)

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> Evaluation:
    run = write_run(tmp_path_factory.mktemp("oracle"), gold_documents())
    return evaluate(run, CORPUS)


@pytest.fixture(scope="module")
def perturbed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Evaluation, Perturbation]:
    docs, log = perturb(gold_documents())
    run = write_run(tmp_path_factory.mktemp("perturbed"), docs)
    return evaluate(run, CORPUS), log


def test_the_gold_as_prediction_scores_one_on_every_kind(oracle: Evaluation) -> None:
    assert oracle.scores is not None
    assert oracle.scores.documents == len(list((CORPUS / "gold").glob("*.json")))
    for kind in KINDS:
        f1 = oracle.scores.prf[kind]["f1"]
        assert f1.value == 1.0, kind
        assert oracle.scores.counts[kind].fp == oracle.scores.counts[kind].fn == 0
    for kind, fields in oracle.scores.fields.items():
        assert all(m.value == 1.0 for m in fields.values()), kind
    assert all(case.f1(k) in (1.0, None) for case in oracle.cases for k in KINDS)


def test_the_gold_is_fully_grounded_in_the_texts(oracle: Evaluation) -> None:
    assert oracle.check_metrics["grounding_rate"].value == 1.0
    assert [u for c in oracle.checks.values() for u in c.ungrounded] == []
    assert all(not c.note for c in oracle.checks.values())


def test_a_perturbed_gold_scores_exactly_as_predicted(
    perturbed: tuple[Evaluation, Perturbation],
) -> None:
    ev, log = perturbed
    assert sum(log.dropped.values()) > 20 and sum(log.changed.values()) > 10
    assert sum(log.invented.values()) > 5
    for case in ev.cases:
        expected = expected_counts(log, case.case.gold)
        for kind, counts in case.counts.items():
            assert (counts.tp, counts.fp, counts.fn) == expected[kind], (case.case.doc_id, kind)


def test_the_cross_check_lists_every_changed_and_invented_item(
    perturbed: tuple[Evaluation, Perturbation],
) -> None:
    ev, log = perturbed
    listed = {(doc_id, u.quote) for doc_id, c in ev.checks.items() for u in c.ungrounded}
    assert log.changed_labels <= listed
    assert log.invented_labels <= listed
    assert listed == log.changed_labels | log.invented_labels  # and nothing else


def test_the_cross_check_runs_without_gold(tmp_path: Path) -> None:
    docs = [d for d in gold_documents() if d.doc_id == "xunyang-2024"]
    ev = evaluate(write_run(tmp_path, docs))
    check = ev.checks["xunyang-2024"]
    assert ev.scores is None and check.note == ""
    assert check.candidates > 100 and check.coverage is not None and check.coverage > 0.8
    assert check.grounding_rate == 1.0


def test_extract_grounding_agrees_on_the_perturbed_items(
    perturbed: tuple[Evaluation, Perturbation],
) -> None:
    ev, log = perturbed
    flagged = {
        (doc_id, item.quote)
        for doc_id, ext in ev.run.extractions.items()
        for item in [*ext.targets, *ext.results, *ext.glossary]
        if item.grounding == Grounding.ungrounded
    }
    assert flagged == log.changed_labels | log.invented_labels
