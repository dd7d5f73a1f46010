"""Issue 5's acceptance through the real LLM path, over the whole corpus.

The oracle (tests/oracle.py, a test double, never a model) answers each section
request with its gold items over real HTTP; `govx extract --backend llm` reaches it
through the openai client and instructor like any endpoint, grounds what comes back
and writes a run directory; `govx eval RUN --gold` scores it. The gold served this
way must score 1.00 on every kind. A perturbed gold (tests/eval_runs.perturb) served
the same way must score exactly as its perturbation predicts, and the cross-check
must call every changed value and every invented item a likely invention. The
perturbed oracle gives the same answer when re-asked, so govx keeps its wrong items,
marked ungrounded, after the bounded re-asks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, clear_llm_settings, extract_via
from oracle import KINDS, Oracle
from stub_server import StubServer, section_of

from extract.documents import Document, load_document
from extract.pipeline import sections_to_extract
from govx import main
from schemas.items import Grounding
from schemas.report import GoldDocument, ReportExtraction
from tests.eval_runs import Perturbation, expected_counts, gold_documents, perturb

pytestmark = pytest.mark.corpus

SCORED = (*KINDS, "main_targets")
MAX_REASKS = 1  # one re-ask shows the loop; the oracle would only repeat itself


@dataclass
class Served:
    """One corpus run against an oracle, and what `govx eval` made of it."""

    oracle: Oracle
    run: Path  # the run directory govx extract wrote
    bodies: list[dict[str, Any]]  # every request the server received
    record: dict[str, Any]  # run.json
    metrics: dict[str, Any]  # govx eval --json
    findings: list[dict[str, Any]]  # the per-item JSONL beside it

    def per_document(self) -> dict[str, dict[str, Any]]:
        return {row["doc_id"]: row for row in self.metrics["per_document"]}

    def likely_inventions(self) -> set[tuple[str, str]]:
        return {
            (f["doc_id"], f["quote"]) for f in self.findings if f.get("check") == "likely_invention"
        }


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    return {p.stem: load_document(p) for p in sorted((CORPUS / "texts").glob("*.txt"))}


def _serve(
    out: Path, golds: list[GoldDocument], docs: dict[str, Document], *options: str
) -> Served:
    oracle = Oracle((gold, docs[gold.doc_id]) for gold in golds)
    paths = [str(doc.path) for doc in docs.values()]
    args = ["-o", str(out / "run"), "--backend", "llm", "--concurrency", "8"]
    args += ["--max-reasks", str(MAX_REASKS), *options]
    with pytest.MonkeyPatch.context() as env, StubServer(oracle) as server:
        clear_llm_settings(env)
        code = extract_via(server.url, out / "cache", *paths, *args, model="oracle-test")
    assert code == 0
    metrics_path = out / "m.json"
    assert main(["eval", str(out / "run"), "--gold", str(CORPUS), "--json", str(metrics_path)]) == 0
    findings = metrics_path.with_name("m.items.jsonl").read_text(encoding="utf-8").splitlines()
    return Served(
        oracle=oracle,
        run=out / "run",
        bodies=server.bodies,
        record=json.loads((out / "run" / "run.json").read_text(encoding="utf-8")),
        metrics=json.loads(metrics_path.read_text(encoding="utf-8")),
        findings=[json.loads(line) for line in findings],
    )


@pytest.fixture(scope="module")
def gold_run(tmp_path_factory: pytest.TempPathFactory, documents: dict[str, Document]) -> Served:
    return _serve(tmp_path_factory.mktemp("oracle"), gold_documents(), documents)


@pytest.fixture(scope="module")
def perturbed_run(
    tmp_path_factory: pytest.TempPathFactory, documents: dict[str, Document]
) -> tuple[Served, Perturbation]:
    golds, log = perturb(gold_documents())
    # tools mode here (json above): re-asks then travel as tool messages
    served = _serve(tmp_path_factory.mktemp("perturbed"), golds, documents, "--mode", "tools")
    return served, log


def test_every_gold_item_lies_in_a_section_govx_sends(gold_run: Served) -> None:
    # else no model could give it back: the pipeline, not the model, would lose it
    assert gold_run.oracle.unsent == []


def test_the_gold_served_over_http_scores_one_on_every_kind(gold_run: Served) -> None:
    metrics = gold_run.metrics
    assert metrics["documents"] == len(list((CORPUS / "gold").glob("*.json")))
    for kind in SCORED:
        assert metrics["metrics"][kind]["f1"]["value"] == 1.0, kind
        assert metrics["counts"][kind]["fp"] == metrics["counts"][kind]["fn"] == 0, kind
    for kind, fields in metrics["fields"].items():
        assert {name: m["value"] for name, m in fields.items()} == dict.fromkeys(fields, 1.0), kind


def test_one_request_per_sent_section_and_nothing_to_re_ask(
    gold_run: Served, documents: dict[str, Document]
) -> None:
    sent = sum(len(sections_to_extract(doc)) for doc in documents.values())
    assert len(gold_run.bodies) == sent
    assert gold_run.record["usage"]["requests"] == sent
    assert gold_run.record["usage"]["reasks"] == 0
    assert gold_run.metrics["crosscheck"]["grounding_rate"]["value"] == 1.0
    assert gold_run.likely_inventions() == set()


def test_a_perturbed_oracle_scores_exactly_as_predicted(
    perturbed_run: tuple[Served, Perturbation],
) -> None:
    served, log = perturbed_run
    assert sum(log.dropped.values()) > 20 and sum(log.changed.values()) > 10
    assert sum(log.invented.values()) > 5
    rows = served.per_document()
    for gold in gold_documents():
        counts = rows[gold.doc_id]["counts"]
        measured = {k: (c["tp"], c["fp"], c["fn"]) for k, c in counts.items()}
        assert measured == expected_counts(log, gold), gold.doc_id


def test_the_cross_check_lists_every_changed_and_invented_item(
    perturbed_run: tuple[Served, Perturbation],
) -> None:
    served, log = perturbed_run
    assert served.likely_inventions() == log.changed_labels | log.invented_labels


def test_wrong_items_are_kept_and_marked_ungrounded_after_the_re_ask(
    perturbed_run: tuple[Served, Perturbation],
) -> None:
    served, log = perturbed_run
    flagged = set()
    for path in served.run.glob("*.json"):
        if path.name != "run.json":
            out = ReportExtraction.model_validate_json(path.read_bytes())
            items = [*out.targets, *out.results, *out.glossary]
            flagged |= {(out.doc_id, i.quote) for i in items if i.grounding == Grounding.ungrounded}
    assert flagged == log.changed_labels | log.invented_labels


def test_sections_with_a_wrong_item_are_re_asked_once_with_the_reason(
    perturbed_run: tuple[Served, Perturbation], documents: dict[str, Document]
) -> None:
    served, log = perturbed_run
    wrong = log.changed_labels | log.invented_labels
    oracle = served.oracle
    expected = {
        text
        for text, answer in oracle.placed.items()
        if any(
            (oracle.doc_of[text], item.quote) in wrong
            for kind in KINDS
            for item in getattr(answer, kind)
        )
    }
    re_asks = [body for body in served.bodies if len(body["messages"]) > 2]
    assert sorted(section_of(body) for body in re_asks) == sorted(expected)
    reason = "some items are not grounded in the section text"
    assert all(reason in json.dumps(body["messages"][2:], ensure_ascii=False) for body in re_asks)
    sent = sum(len(sections_to_extract(doc)) for doc in documents.values())
    assert len(served.bodies) == sent + len(expected)
    assert served.record["usage"]["reasks"] == len(expected)
