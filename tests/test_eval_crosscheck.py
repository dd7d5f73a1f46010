"""The cross-check on a small hand-written report: likely misses and likely inventions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.crosscheck import cross_check, find_document
from eval.runner import evaluate_run
from schemas.items import Grounding
from tests.eval_fixtures import extraction, result, target

REPORT = (
    "政府工作报告\n"
    "一、2024年工作回顾\n"
    "全年地区生产总值增长5.2%，新增城镇就业2200人，完成旧改项目18个。\n"
    "二、2025年工作安排\n"
    "地区生产总值增长5%左右，新增车位2000个以上。\n"
)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "mini.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_uncovered_quantities_are_likely_misses_with_their_sentence(report: Path) -> None:
    ext = extraction(
        "mini",
        source=str(report),
        results=[result("地区生产总值", 5.2, quote="地区生产总值增长5.2%")],
        targets=[target("地区生产总值", 5, qualifier="approx", quote="地区生产总值增长5%左右")],
    )
    check = cross_check(ext, find_document(ext, []))
    assert check.note == "" and check.candidates == 5 and check.covered == 2
    missed = [c.text for c in check.uncovered]
    assert [m[:4] for m in missed] == ["2200", "18个", "2000"]
    first = check.uncovered[0]
    assert first.role == "review" and first.context.span == first.text
    assert first.context.text.startswith("全年地区生产总值增长5.2%")


def test_items_not_in_the_text_or_not_saying_their_value_are_likely_inventions(
    report: Path,
) -> None:
    ext = extraction(
        "mini",
        source=str(report),
        results=[
            result("新增城镇就业", 2200, "人", quote="新增城镇就业2200人"),
            result("新增城镇就业", 2300, "人", quote="新增城镇就业2200人"),
            result("新增企业", 12, "家", quote="新增企业12家"),
        ],
    )
    check = cross_check(ext, find_document(ext, []))
    assert check.items == 3 and check.grounded == 1
    assert [u.reason for u in check.ungrounded] == [
        "value 2300 is not written in the quote '新增城镇就业2200人'",
        "the quote '新增企业12家' is not in the section text; copy it character for character",
    ]


def test_without_the_text_the_runs_own_grounding_stands(tmp_path: Path) -> None:
    ext = extraction(
        "gone",
        source=str(tmp_path / "moved.txt"),
        results=[
            result("新增城镇就业", 2200, "人", grounding=Grounding.exact),
            result(
                "新增企业", 12, "家", grounding=Grounding.ungrounded, grounding_reason="not in text"
            ),
        ],
    )
    doc = find_document(ext, [])
    assert isinstance(doc, str) and "pass --gold CORPUS with texts/" in doc
    check = cross_check(ext, doc)
    assert check.note == doc and check.candidates == 0 and check.coverage is None
    assert [u.reason for u in check.ungrounded] == ["not in text"]


def test_a_run_without_gold_or_run_json_still_reports(report: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    ext = extraction("mini", source=str(report), results=[result("地区生产总值", 5.2)])
    (run / "mini.json").write_text(ext.model_dump_json(), encoding="utf-8")
    (run / "notes.json").write_text("[1, 2]", encoding="utf-8")
    text = evaluate_run(run)
    assert "No gold given (--gold CORPUS): cross-check only." in text
    assert "- **backend**: test" in text  # from the document's own run record
    assert "notes.json: not an extraction" in text


def test_the_run_record_is_shown_and_its_failed_documents_noted(
    report: Path, tmp_path: Path
) -> None:
    run = tmp_path / "run"
    run.mkdir()
    ext = extraction("mini", source=str(report))
    (run / "mini.json").write_text(ext.model_dump_json(), encoding="utf-8")
    record = {
        "backend": "llm",
        "model": "qwen-plus",
        "prompt_version": "extract-v3",
        "git_hash": "abc123",
        "usage": {"requests": 4, "total_tokens": 900},
        "documents": {
            "done": ["mini"],
            "skipped": [],
            "failed": [{"input": "b.pdf", "reason": "no text layer"}],
        },
    }
    (run / "run.json").write_text(json.dumps(record), encoding="utf-8")
    text = evaluate_run(run)
    for line in (
        "- **model**: qwen-plus",
        "- **prompt_version**: extract-v3",
        "- **git_hash**: abc123",
        "- **documents**: 1 done, 0 skipped, 1 failed",
        "- **usage**: requests=4, total_tokens=900",
        "- b.pdf: failed in the run (no text layer)",
    ):
        assert line in text
