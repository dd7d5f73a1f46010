"""`govx extract` end to end against the stub server (scripted answers, never a model)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, clear_llm_settings, extract_via
from oracle import Oracle
from stub_server import Reply, StubServer, answer

from extract.documents import load_document
from extract.pipeline import sections_to_extract
from schemas.report import GoldDocument, ReportExtraction

REPORT = (
    "青禾县人民政府工作报告（虚构）\n一、2024年工作回顾\n全县地区生产总值增长5.1%。\n"
    "二、2025年工作安排\n地区生产总值增长5.5%左右。\n"
)


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_llm_settings(monkeypatch)


def test_offline_with_an_empty_cache_fails_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "qinghe-2025.txt"
    report.write_text(REPORT, encoding="utf-8")
    cache = tmp_path / "empty-cache"
    code = extract_via("http://127.0.0.1:9/v1", cache, str(report), "--offline")
    assert code == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Error: --offline: an answer is not in the cache at {cache}; run once without "
        "--offline (with the same model, endpoint, mode and prompts) to fill it, or point "
        "--cache-dir at the cache that has it"
    )


def test_one_file_prints_its_extraction_and_a_rerun_sends_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "qinghe-2025.txt"
    report.write_text(REPORT, encoding="utf-8")

    def scripted(body: dict[str, Any]) -> Reply:  # a scripted answer, not a model's
        text = body["messages"][-1]["content"]
        quote = "地区生产总值增长5.5%左右" if "5.5%" in text else "地区生产总值增长5.1%"
        value = 5.5 if "5.5%" in text else 5.1
        kind = "targets" if "5.5%" in text else "results"
        item = {"indicator": "地区生产总值", "measure": "growth", "value": value, "unit": "%",
                "quote": quote}  # fmt: skip
        return answer(body, {kind: [item]})

    with StubServer(scripted) as server:
        assert extract_via(server.url, tmp_path / "cache", str(report)) == 0
        first = ReportExtraction.model_validate_json(capsys.readouterr().out)
        sent = len(server.requests)
        assert extract_via(server.url, tmp_path / "cache", str(report)) == 0
        again = ReportExtraction.model_validate_json(capsys.readouterr().out)
    assert sent == 2 and len(server.requests) == sent
    assert [t.value for t in first.targets] == [5.5] and [r.value for r in first.results] == [5.1]
    assert first.run.backend == "llm" and first.run.prompt_version == "v1"
    assert first.run.usage.requests == 2 and again.run.usage.requests == 0
    assert again.run.usage.cache_hits == 2
    assert again.targets == first.targets


def _key(item: Any) -> tuple[Any, ...]:
    fields = ("indicator", "measure", "value", "value_max", "unit", "qualifier", "year", "quote")
    if hasattr(item, "term"):
        fields = ("term", "number", "definition", "quote")
    return tuple(getattr(item, f) for f in fields)


@pytest.mark.corpus
def test_oracle_on_xunyang_gives_back_exactly_the_gold(tmp_path: Path) -> None:
    """Acceptance: every item has a span, and a re-run sends zero requests."""
    text = CORPUS / "texts" / "xunyang-2024.txt"
    gold = GoldDocument.model_validate_json((CORPUS / "gold" / "xunyang-2024.json").read_bytes())
    doc = load_document(text)
    cache = tmp_path / "cache"
    with StubServer(Oracle([(gold, doc)])) as server:
        assert extract_via(server.url, cache, str(text), "-o", str(tmp_path / "a")) == 0
        sent = len(server.requests)
        assert extract_via(server.url, cache, str(text), "-o", str(tmp_path / "b")) == 0
    assert sent == len(sections_to_extract(doc)) and len(server.requests) == sent
    out = ReportExtraction.model_validate_json((tmp_path / "a" / "xunyang-2024.json").read_bytes())
    for kind in ("targets", "results", "glossary"):
        assert sorted(map(_key, getattr(out, kind))) == sorted(map(_key, getattr(gold, kind)))
        assert all(i.start is not None and i.end is not None for i in getattr(out, kind))
    run = json.loads((tmp_path / "b" / "run.json").read_text(encoding="utf-8"))
    assert run["usage"]["requests"] == 0 and run["usage"]["cache_hits"] == sent
    assert (run["backend"], run["base_url_host"], run["mode"]) == ("llm", "127.0.0.1", "json")
