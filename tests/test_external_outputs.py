"""Real files: the three .docx originals read directly, extracted, and written to every format."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from extract.documents import load_document
from extract.normalize import squash
from extract.regions import resolve_region
from govx import main
from tests.browser import dump_dom, needs_chromium

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"
DOCX = sorted((EXTERNAL / "docx").glob("*.docx"))
PROVINCE_CODES = {"fujian": "350000", "guangxi": "450000", "hebei": "130000"}

pytestmark = pytest.mark.external


@pytest.mark.parametrize("path", DOCX, ids=[p.stem for p in DOCX])
def test_docx_reads_like_its_text_copy_and_names_its_province(path: Path) -> None:
    doc = load_document(path)
    copy = load_document(EXTERNAL / "provinces-2025" / f"{path.stem}.txt")
    assert squash(doc.text) == squash(copy.text)  # the .txt was made from this .docx
    region = resolve_region(doc.title, doc.text)
    assert region is not None and region.code == PROVINCE_CODES[path.stem.split("-")[0]]
    assert doc.report_year == 2025


def _items(run_dir: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(run_dir.glob("*-2025.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        for kind in ("targets", "results", "glossary"):
            found += [(report["doc_id"], item["quote"]) for item in report[kind]]
    return found


def test_docx_run_in_every_format(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in DOCX:
        shutil.copy(path, inputs / path.name)
    run = tmp_path / "run"
    for fmt in ("json", "jsonl", "csv", "xlsx", "html"):
        argv = ["extract", str(inputs), "-o", str(run), "--backend", "rules", "--no-progress"]
        assert main([*argv, "--format", fmt]) == 0
    expected = sorted(_items(run))
    assert len(expected) > 100  # three provincial reports: many targets and results
    jsonl = [json.loads(line) for line in (run / "items.jsonl").read_text("utf-8").splitlines()]
    assert sorted((r["document"], r["quote"]) for r in jsonl) == expected
    with (run / "items.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert sorted((r["document"], r["quote"]) for r in csv.DictReader(handle)) == expected
    book = load_workbook(run / "items.xlsx", read_only=True)
    rows = []
    for sheet in ("targets", "results", "glossary"):
        values = list(book[sheet].iter_rows(values_only=True))
        header = list(values[0])
        rows += [(r[header.index("document")], r[header.index("quote")]) for r in values[1:]]
    assert sorted(rows) == expected
    page = (run / "hebei-2025.html").read_text(encoding="utf-8")
    hebei = [q for d, q in expected if d == "hebei-2025"]
    assert len(re.findall(r'<mark class="item ', page)) == len(hebei)
    assert 'href="hebei-2025.html"' in (run / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
@needs_chromium
def test_real_review_page_in_chromium(tmp_path: Path) -> None:
    path = DOCX[0]
    run = tmp_path / "run"
    argv = ["extract", str(path), "-o", str(run), "--backend", "rules", "--no-progress"]
    assert main([*argv, "--format", "html"]) == 0
    report = json.loads((run / f"{path.stem}.json").read_text(encoding="utf-8"))
    count = sum(len(report[k]) for k in ("targets", "results", "glossary"))
    dom = dump_dom(run / f"{path.stem}.html")
    assert f'data-highlights="{count}"' in dom
