"""Soak: 200 fictional documents through `govx extract` against a stub server that
faults 20% of requests (seeded). Scripted answers only, loopback only.

Proves: every document is done or reported failed with its reason; retries and
re-asks stay within their bounds (counted per section from the server log); usage
counts every request the server saw; no item states a number its quote does not;
and a re-run loses nothing: it sends requests only for what never got an answer.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from fault_plan import CONTENT_FAULTS, TRANSPORT_FAULTS, FaultPlan
from fictional import honest_payload, section_of, write_reports
from stub_server import StubServer

from extract.backends import register_backend
from extract.documents import load_document
from extract.grounding import grounding_problem
from extract.llm.backend import LLMBackend
from extract.llm.transport import RetryPolicy
from extract.pipeline import sections_to_extract
from govx import main
from schemas.items import Grounding
from schemas.report import ReportExtraction

DOCUMENTS, RATE, SEED, CONCURRENCY, MAX_REASKS = 200, 0.2, 2026, 8, 2
# real backoff shape, tiny waits: a soak measures behaviour, not patience
POLICY = RetryPolicy(attempts=6, initial_wait=0.005, max_wait=0.02)
DOOMED = ("county-013.txt", "county-137.txt")  # their review section always gets a 503
DRILL = "本段为故障演练。"


@pytest.fixture(autouse=True)
def _soak_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GOVX_MODEL", "GOVX_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    # the real LLM backend, registered under its own name with test-sized waits
    register_backend("llm-soak", lambda config: LLMBackend(config, policy=POLICY))


def _extract(server: StubServer, src: Path, out: Path, cache: Path) -> int:
    return main(["extract", str(src), "-o", str(out), "--backend", "llm-soak",
                 "--model", "stub-model", "--base-url", server.url, "--cache-dir", str(cache),
                 "--concurrency", str(CONCURRENCY), "--timeout", "1", "--max-reasks",
                 str(MAX_REASKS), "--no-progress"])  # fmt: skip


def _doomed(body: dict[str, Any]) -> str | None:
    return "503" if DRILL in section_of(body) else None


def _per_section(bodies: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    """Section text -> how often each distinct request body (attempt) was sent."""
    sent: dict[str, Counter[str]] = defaultdict(Counter)
    for body in bodies:
        sent[section_of(body)][json.dumps(body, sort_keys=True)] += 1
    return sent


def _check_grounded(report: ReportExtraction, text: str) -> int:
    """Every item either passes grounding against its own quote span or says it does not."""
    ungrounded = 0
    for item in [*report.targets, *report.results, *report.glossary]:
        if item.grounding == Grounding.ungrounded:
            assert item.grounding_reason, item
            ungrounded += 1
            continue
        assert item.start is not None and item.end is not None
        assert grounding_problem(item, text[item.start : item.end]) is None, item
        assert getattr(item, "value", None) != 99  # the invented figure is never grounded
    return ungrounded


@pytest.mark.slow
def test_soak_200_documents_at_a_20_percent_fault_rate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out, cache = tmp_path / "in", tmp_path / "run", tmp_path / "cache"
    paths = write_reports(src, DOCUMENTS, seed=SEED)
    for name in DOOMED:
        doomed = src / name
        doomed.write_text(doomed.read_text("utf-8").replace("全县", DRILL + "全县"), "utf-8")
    plan = FaultPlan(honest_payload, rate=RATE, seed=SEED, slow=2.0, forced=_doomed)
    with StubServer(plan) as server:
        assert _extract(server, src, out, cache) == 1
        bodies = server.bodies
    err = capsys.readouterr().err
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))

    # every document is done or failed with its reason: the doomed ones, and (rarely, when
    # the dice fault one section past its bounds) another with a bounded-failure reason
    failed = {f["input"]: f["reason"] for f in record["documents"]["failed"]}
    assert set(failed) >= set(DOOMED)
    for name, reason in failed.items():
        assert f"failed: {name}: {reason}" in err
        if name in DOOMED:
            assert reason == (
                "section 1 (一、2024年工作回顾): the endpoint failed after 6 requests "
                "(InternalServerError HTTP 503); try again later, lower --concurrency or set --rpm"
            )
        else:
            assert "failed after 6 requests" in reason or "after 3 attempts" in reason, reason
    done = record["documents"]["done"]
    assert sorted(done + [Path(n).stem for n in failed]) == sorted(p.stem for p in paths)

    # bounds, per section, from the server log: attempts <= 1 + max re-asks, each attempt
    # sent at most policy.attempts times
    sent = _per_section(bodies)
    assert all(len(attempts) <= MAX_REASKS + 1 for attempts in sent.values())
    assert all(max(attempts.values()) <= POLICY.attempts for attempts in sent.values())
    usage = record["usage"]
    assert usage["requests"] == len(bodies)  # usage counts every attempt
    assert usage["reasks"] == sum(len(attempts) - 1 for attempts in sent.values())
    assert usage["retries"] == sum(n - 1 for a in sent.values() for n in a.values())
    assert usage["cache_hits"] == 0

    # nothing invented survives as a grounded item; finished documents all parse
    ungrounded = 0
    for stem in done:
        report = ReportExtraction.model_validate_json((out / f"{stem}.json").read_bytes())
        text = (src / f"{stem}.txt").read_text(encoding="utf-8")
        ungrounded += _check_grounded(report, text)
        assert report.results and report.targets

    # lost work = 0: a re-run against a healthy server asks only for never-answered sections
    with StubServer(FaultPlan(honest_payload, 0.0, SEED)) as healthy:
        # an answer that failed validation on every attempt is cached as it came: replayed
        code = _extract(healthy, src, out, cache)
        again = healthy.bodies
    assert code == (0 if set(failed) == set(DOOMED) else 1)
    err = capsys.readouterr().err
    assert f"skipping {len(done)} documents already done" in err
    failed_sections = {
        doc.section_text(s)
        for doc in (load_document(src / name) for name in failed)
        for s in sections_to_extract(doc)
    }
    # only failed documents' sections: the 503 one, and any sibling the failure cancelled
    assert {section_of(b) for b in again} <= failed_sections
    assert {section_of(b) for b in again} >= {s for s in sent if DRILL in s}
    assert len(again) == len({section_of(b) for b in again})  # one request each

    figures = {
        "documents": DOCUMENTS,
        "requests": len(bodies),
        "faults": dict(sorted(plan.injected.items())),
        "transport faults": sum(plan.injected[k] for k in TRANSPORT_FAULTS),
        "content faults": sum(plan.injected[k] for k in CONTENT_FAULTS),
        "retries": usage["retries"],
        "reasks": usage["reasks"],
        "failed": len(failed),
        "ungrounded items kept": ungrounded,
        "rerun requests": len(again),
        "lost": 0,
    }
    print("\nsoak figures:", json.dumps(figures, ensure_ascii=False))
