"""Bad input through `govx extract`: one `Error:` line naming the file and the fix,
a non-zero exit, no traceback (unless --debug); in a batch, the other files go on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from fictional import report_text
from opencc import OpenCC

from extract.documents import MAX_TEXT_CHARS
from govx import main

SUPPORTED = "give a .txt, .html, .pdf or .docx file"
TRADITIONAL = OpenCC("s2t").convert(report_text(3))
MIXED = report_text(1).encode("utf-8") + report_text(2).encode("gbk")


def _blank_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)  # a scan without OCR looks like this: no text layer
    writer.write(buffer)
    return buffer.getvalue()


BAD = {
    "empty.txt": (b"", "{path} is empty; give a file with the report's text"),
    "noise.txt": (
        bytes(range(256)) * 8,
        "{path} looks binary, not text; give a .txt, .html, .pdf or .docx report",
    ),
    "scan.pdf": (
        _blank_pdf(),
        "{path} has no text layer (a scanned PDF?); run OCR on it (e.g. ocrmypdf) or give "
        "a .txt copy",
    ),
    "mixed.txt": (
        MIXED,
        "cannot decode {path}: not UTF-8, GB18030, Big5 or UTF-16; save it as UTF-8 and retry",
    ),
    "western.txt": (
        "Café, naïve façade — “quoted” ".encode("cp1252") * 40,
        "cannot decode {path}: not UTF-8, GB18030, Big5 or UTF-16; save it as UTF-8 and retry",
    ),
    "fake.pdf": (b"not a pdf at all", "{path} is not a valid .pdf file; re-save it and retry"),
}


@pytest.fixture(autouse=True)
def _rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVX_MODEL", raising=False)


def _error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("govx: no model")]
    assert len(lines) == 1, err  # one line, no traceback
    return lines[0]


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_is_one_line_naming_it_and_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    content, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["extract", str(path)]) == 2
    assert _error_line(capsys) == "Error: " + message.format(path=path)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [("gbk", report_text(3)), ("utf-16", report_text(3)), ("big5hkscs", TRADITIONAL)],
)
def test_other_encodings_just_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str, text: str
) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(encoding))
    assert main(["extract", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert any("地区生产总值增长" in r["quote"] for r in out["results"])  # read as simplified


def test_a_50_mb_text_is_refused_quickly_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Policy: one report per file, up to 1 million characters (10x the largest report)."""
    path = tmp_path / "glued.txt"
    one = report_text(0).encode("utf-8")
    path.write_bytes(one * (50_000_000 // len(one) + 1))
    chars = len(path.read_text(encoding="utf-8"))
    assert chars > MAX_TEXT_CHARS
    assert main(["extract", str(path)]) == 2
    assert _error_line(capsys) == (
        f"Error: {path} holds {chars / 1e6:.1f} million characters, more than one report "
        "(limit 1 million); split it into one file per report"
    )


def test_a_folder_with_no_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.md").write_text("nothing here", encoding="utf-8")
    assert main(["extract", str(tmp_path / "notes"), "-o", str(tmp_path / "run")]) == 2
    assert _error_line(capsys) == (
        f"Error: no reports found in {tmp_path / 'notes'}; give .txt, .html, .pdf or .docx "
        "files or a folder holding them"
    )


def test_a_named_pipe_is_refused_instead_of_read_forever(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    assert main(["extract", str(fifo)]) == 2
    assert _error_line(capsys) == (
        f"Error: {fifo} is not a regular file (a pipe or device?); {SUPPORTED}"
    )


def test_an_unreadable_file_names_the_permission_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(report_text(4), encoding="utf-8")
    path.chmod(0o000)
    try:
        if os.geteuid() != 0:
            assert main(["extract", str(path), "--backend", "rules"]) == 2
            err = capsys.readouterr().err
        else:  # root reads anything: run a child without the capabilities that allow it
            err = _without_read_override(path)
    finally:
        path.chmod(0o600)
    assert err == f"Error: cannot read {path} (Permission denied); check its permissions\n"


def _without_read_override(path: Path) -> str:
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without util-linux setpriv to drop CAP_DAC_OVERRIDE")
    run = subprocess.run(
        [setpriv, "--bounding-set=-dac_override,-dac_read_search", sys.executable, "-m", "govx",
         "extract", str(path), "--backend", "rules"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 2
    return run.stderr


def test_debug_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert main(["--debug", "extract", str(path), "--backend", "rules"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert "schemas.errors.InputError" in err
    assert err.endswith(f"Error: {path} is empty; give a file with the report's text\n")


def test_in_a_batch_bad_files_fail_alone_with_their_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(report_text(5), encoding="utf-8")
    for name, (content, _) in BAD.items():
        (src / name).write_bytes(content)
    assert main(["extract", str(src), "-o", str(tmp_path / "run")]) == 1
    err = capsys.readouterr().err.splitlines()
    for name, (_, message) in sorted(BAD.items()):
        assert f"failed: {name}: " + message.format(path=src / name) in err
    assert err[-1] == f"done 1, skipped 0, failed {len(BAD)}"
    assert (tmp_path / "run" / "good.json").exists()
