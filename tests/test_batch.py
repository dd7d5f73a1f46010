"""The batch runner: run directory layout, resume, failure isolation, safe names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import pytest

from extract import rundir
from extract.backends import register_backend
from extract.config import ExtractConfig
from govx import main
from schemas.errors import ConfigError
from schemas.report import RunRecord, Section, SectionExtraction, Usage

REPORT = (
    "示例区人民政府工作报告（虚构）\n一、2024年工作回顾\n地区生产总值增长5%。\n"
    "二、2025年工作安排\n地区生产总值增长5%左右。\n"
)


class FakeBackend:
    """A test double registered like the real backends: answers nothing, fails on demand."""

    name = "fake"
    calls: ClassVar[list[str]] = []

    def __init__(self, config: ExtractConfig) -> None:
        self.config = config

    def extract_section(self, doc: object, section: Section) -> tuple[SectionExtraction, Usage]:
        text = doc.section_text(section)  # type: ignore[attr-defined]
        FakeBackend.calls.append(doc.doc_id)  # type: ignore[attr-defined]
        if "故障" in text:
            raise RuntimeError("scripted failure")
        if "钥匙" in text:
            raise ConfigError("scripted: the key was refused; check it")
        if "多行" in text:
            raise RuntimeError("scripted\n  failure over\nlines")
        return SectionExtraction(), Usage(requests=1)

    def run_record(self) -> RunRecord:
        return RunRecord(backend="fake", model="fake-model")


@pytest.fixture(autouse=True)
def fake_backend() -> None:
    register_backend("fake", FakeBackend)
    FakeBackend.calls = []


def _reports(folder: Path, names: list[str], broken: str | None = None) -> Path:
    folder.mkdir()
    for name in names:
        text = REPORT.replace("5%。", "故障5%。") if name == broken else REPORT
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_run_directory_holds_one_json_per_document_and_a_run_record(tmp_path: Path) -> None:
    src = _reports(tmp_path / "in", ["a.txt", "b.txt"])
    out = tmp_path / "run"
    assert main(["extract", str(src), "-o", str(out), "--backend", "fake"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json", "run.json", "runs.jsonl"]
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["backend"] == "fake"
    assert record["documents"]["done"] == ["a", "b"]
    assert record["usage"]["requests"] == len(FakeBackend.calls)
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["doc_id"] == "a"


def test_rerun_skips_finished_documents_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _reports(tmp_path / "in", ["a.txt", "b.txt"])
    out = tmp_path / "run"
    assert main(["extract", str(src), "-o", str(out), "--backend", "fake"]) == 0
    (out / "b.json").write_text('{"doc_id": "b", "tor', encoding="utf-8")  # torn write
    FakeBackend.calls = []
    capsys.readouterr()
    assert main(["extract", str(src), "-o", str(out), "--backend", "fake"]) == 0
    err = capsys.readouterr().err
    assert f"skipping 1 documents already done in {out.resolve()}" in err
    assert set(FakeBackend.calls) == {"b"}
    assert "done 1, skipped 1, failed 0" in err


def test_a_failing_document_does_not_stop_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _reports(tmp_path / "in", ["a.txt", "b.txt", "c.txt"], broken="b.txt")
    out = tmp_path / "run"
    assert main(["extract", str(src), "-o", str(out), "--backend", "fake"]) == 1
    err = capsys.readouterr().err
    assert "failed: b.txt: internal error (RuntimeError: scripted failure)" in err
    assert "done 2, skipped 0, failed 1" in err
    assert (out / "a.json").exists() and (out / "c.json").exists()
    assert not (out / "b.json").exists()


def test_output_names_come_only_from_cleaned_stems() -> None:
    stems = rundir.output_stems(
        [
            Path("../../etc/passwd.txt"),
            Path("x/..txt"),
            Path("a.txt"),
            Path("A.pdf"),
            Path("run.txt"),
        ]
    )
    assert stems == ["passwd", "document", "a", "A-2", "run-2"]


def test_no_reports_in_a_folder_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["extract", str(tmp_path / "empty"), "-o", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"Error: no reports found in {tmp_path / 'empty'}; give .txt, .html, .pdf or .docx "
        "files or a folder holding them\n"
    )


def test_missing_path_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "nope.txt")]) == 2
    assert (
        capsys.readouterr().err
        == f"Error: {tmp_path / 'nope.txt'}: no such file or folder; check the path\n"
    )


def test_without_a_model_the_rules_backend_is_used_and_announced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOVX_MODEL", raising=False)
    src = _reports(tmp_path / "in", ["a.txt"])
    assert main(["extract", str(src / "a.txt")]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(
        "govx: no model configured, so the offline rules extractor is used."
    )
    assert json.loads(captured.out)["run"]["backend"] == "rules"


def test_a_same_named_report_joining_later_never_passes_for_the_done_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Folders per region with files per year: x/2024.txt done, then w/2024.txt joins."""
    for folder in ("w", "x"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "2024.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "run"
    fake = ["--backend", "fake", "-o", str(out)]
    assert main(["extract", str(tmp_path / "x"), *fake]) == 0
    assert main(["extract", str(tmp_path / "w"), str(tmp_path / "x"), *fake]) == 0
    assert "done 1, skipped 1, failed 0" in capsys.readouterr().err

    def source(name: str) -> str:
        return str(json.loads((out / name).read_text(encoding="utf-8"))["source"])

    assert source("2024.json") == str((tmp_path / "x" / "2024.txt").resolve())
    assert source("2024-2.json") == str((tmp_path / "w" / "2024.txt").resolve())
    (tmp_path / "x").rename(tmp_path / "moved")  # a moved folder keeps its work done
    assert main(["extract", str(tmp_path / "w"), str(tmp_path / "moved"), *fake]) == 0
    assert "done 0, skipped 2, failed 0" in capsys.readouterr().err


def test_every_failure_reason_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(REPORT.replace("5%。", "多行5%。"), encoding="utf-8")
    assert main(["extract", str(src), "-o", str(tmp_path / "run"), "--backend", "fake"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "failed: a.txt: internal error (RuntimeError: scripted failure over lines)",
        "done 0, skipped 0, failed 1",
    ]


def test_a_config_error_stops_the_batch_instead_of_failing_every_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _reports(tmp_path / "in", [f"{n}.txt" for n in range(5)])
    (src / "1.txt").write_text(REPORT.replace("5%。", "钥匙5%。"), encoding="utf-8")
    argv = [
        "extract",
        str(src),
        "-o",
        str(tmp_path / "run"),
        "--backend",
        "fake",
        "--concurrency",
        "1",
    ]
    assert main(argv) == 2
    assert capsys.readouterr().err == "Error: scripted: the key was refused; check it\n"
    assert set(FakeBackend.calls) == {"0", "1"}  # the rest never started
    assert (tmp_path / "run" / "0.json").exists()  # and what finished stays
