"""Each fault of the plan, once, in front of one section: what govx does about it.

Scripted replies (tests/fault_plan.py), real HTTP, real openai client and instructor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fault_plan import FAULT_KINDS, FaultPlan
from fictional import honest_payload, report_text
from stub_server import StubServer

from extract.config import ExtractConfig
from extract.documents import load_document
from extract.llm.backend import LLMBackend
from extract.llm.content import answer_json
from extract.llm.transport import RetryPolicy
from extract.pipeline import sections_to_extract
from schemas.items import Grounding

FAST = RetryPolicy(attempts=3, initial_wait=0.005, max_wait=0.02)
RETRIED = ("429_retry_after", "429_bare", "500", "502", "503", "reset", "reset_mid", "truncate",
           "slow")  # fmt: skip
REASKED = ("cut_json", "bad_schema", "invented_number")
TOLERATED = ("think", "fence")


class FirstOnly:
    """Serve `kind` to the first request, then answer honestly."""

    def __init__(self, kind: str) -> None:
        self.kind, self.calls = kind, 0

    def __call__(self, body: dict[str, Any]) -> str | None:
        self.calls += 1
        return self.kind if self.calls == 1 else None


def _one_section(tmp_path: Path, plan: FaultPlan, mode: str = "json") -> Any:
    report = tmp_path / "county.txt"
    report.write_text(report_text(1), encoding="utf-8")
    doc = load_document(report)
    section = sections_to_extract(doc)[0]
    with StubServer(plan) as server:
        config = ExtractConfig(model="stub-model", base_url=server.url, mode=mode,
                               cache_dir=tmp_path / "cache", timeout=0.5, max_reasks=2)  # fmt: skip
        llm = LLMBackend(config, environ={}, policy=FAST)
        found, usage = llm.extract_section(doc, section)
        llm.close()
    return found, usage, len(server.requests)


def test_the_plan_covers_every_fault_the_issue_names() -> None:
    assert set(RETRIED + REASKED + TOLERATED) == set(FAULT_KINDS)


@pytest.mark.parametrize("kind", FAULT_KINDS)
def test_each_fault_once_costs_what_it_should_and_the_answer_is_right(
    tmp_path: Path, kind: str
) -> None:
    plan = FaultPlan(honest_payload, rate=0.0, seed=1, slow=2.0, forced=FirstOnly(kind))
    found, usage, sent = _one_section(tmp_path, plan)
    assert plan.injected == {kind: 1}
    expected = {
        "retried": (2, 1, 0),  # requests, retries, re-asks
        "reasked": (2, 0, 1),
        "tolerated": (1, 0, 0),
    }["retried" if kind in RETRIED else "reasked" if kind in REASKED else "tolerated"]
    assert (usage.requests, usage.retries, usage.reasks) == expected
    assert sent == usage.requests
    assert [(r.value, r.grounding) for r in found.results] == [(3.8, None), (1098.0, None)]
    assert not found.targets  # the invented 99% of the faulty answer is gone


@pytest.mark.parametrize("mode", ["json", "json_schema", "md_json"])
@pytest.mark.parametrize("kind", TOLERATED)
def test_think_blocks_and_fences_cost_no_reask_in_any_json_mode(
    tmp_path: Path, mode: str, kind: str
) -> None:
    plan = FaultPlan(honest_payload, rate=0.0, seed=1, forced=lambda body: kind)
    found, usage, _ = _one_section(tmp_path, plan, mode)
    assert (usage.requests, usage.reasks) == (1, 0)
    assert len(found.results) == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"a": 1}', '{"a": 1}'),
        ('<think>draft {"a": 9}</think>\n{"a": 1}', '{"a": 1}'),
        ('<THINKING>x</THINKING>```json\n{"a": 1}\n```', '{"a": 1}'),
        ('Here:\n```\n{"a": 1}\n```\nDone.', '{"a": 1}'),
        ('reasoning {"a": 9}</think>{"a": 1}', '{"a": 1}'),  # opening tag eaten by the server
        ('<think>never closed {"a": 9}\n{"a": 1}', '{"a": 1}'),
        ('{"a": 1}<think>afterthought {"a": 9}', '{"a": 1}'),
        ("no json at all", "no json at all"),  # left for validation to report
        ('{"quote": "a <think> b"}', '{"quote": "a <think> b"}'),  # a report may say it
    ],
)
def test_answer_json_drops_think_blocks_and_fences(content: str, expected: str) -> None:
    assert answer_json(content) == expected


def test_an_unusable_answer_after_the_last_reask_keeps_invented_items_ungrounded(
    tmp_path: Path,
) -> None:
    plan = FaultPlan(honest_payload, rate=0.0, seed=1, forced=lambda body: "invented_number")
    found, usage, _ = _one_section(tmp_path, plan)
    assert usage.reasks == 2
    assert [(t.value, t.grounding) for t in found.targets] == [(99, Grounding.ungrounded)]
