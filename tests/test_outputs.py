"""Item tables read back: every item is found in JSONL, CSV (with its BOM) and XLSX."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from extract.outputs import read_run_dir, render_text, write_output, write_run_outputs
from schemas.errors import InputError
from schemas.items import GlossaryTerm, Grounding, Measure, Qualifier, Result, Target
from schemas.report import ReportExtraction, RunRecord, Usage


def _report(doc_id: str = "demo-2025") -> ReportExtraction:
    return ReportExtraction(
        doc_id=doc_id,
        region="江西省",
        report_year=2025,
        run=RunRecord(backend="rules", usage=Usage(requests=0)),
        targets=[
            Target(
                indicator="地区生产总值",
                canonical="gdp",
                measure=Measure.growth,
                value=5.3,
                unit="%",
                qualifier=Qualifier.approx,
                year=2025,
                main=True,
                quote="地区生产总值增长5.3%左右",
                section=1,
                start=2,
                end=16,
                grounding=Grounding.exact,
            )
        ],
        results=[
            Result(
                indicator="新增城镇就业",
                canonical="new_urban_jobs",
                measure=Measure.level,
                value=1.2,
                unit="万人",
                year=2024,
                quote="新增城镇就业1.2万人",
                section=0,
                grounding=Grounding.ungrounded,
                grounding_reason="quote not found",
            )
        ],
        glossary=[
            GlossaryTerm(
                term="KPL",
                number=1,
                definition="指“=1+1”,\n<script>x</script>",
                quote="=1+1, 逗号",
                section=2,
                start=27,
                end=40,
                grounding=Grounding.fuzzy,
            )
        ],
    )


def _expected_quotes(report: ReportExtraction) -> set[str]:
    return {i.quote for i in [*report.targets, *report.results, *report.glossary]}


def test_jsonl_has_one_item_per_line() -> None:
    report = _report()
    lines = render_text([report], "jsonl").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 3
    assert {r["quote"] for r in rows} == _expected_quotes(report)
    target = rows[0]
    assert (target["document"], target["kind"], target["section"]) == ("demo-2025", "target", 1)
    assert (target["value"], target["start"], target["end"], target["grounding"]) == (
        5.3,
        2,
        16,
        "exact",
    )
    assert rows[1]["grounding"] == "ungrounded" and rows[1]["grounding_reason"]


def test_csv_starts_with_bom_and_reads_back(tmp_path: Path) -> None:
    report = _report()
    path = tmp_path / "items.csv"
    write_output([report], "csv", path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["quote"] for r in rows} == _expected_quotes(report)
    assert rows[0]["document"] == "demo-2025"
    assert (rows[0]["value"], rows[0]["start"], rows[0]["grounding"]) == ("5.3", "2", "exact")
    assert rows[2]["definition"] == "指“=1+1”,\n<script>x</script>"  # newline survives quoting
    assert rows[1]["value"] == "1.2" and rows[1]["start"] == ""


def test_xlsx_sheets_numbers_and_frozen_header(tmp_path: Path) -> None:
    report = _report()
    path = tmp_path / "items.xlsx"
    write_output([report, _report("other-2024")], "xlsx", path)
    book = load_workbook(path)
    assert book.sheetnames == ["targets", "results", "glossary", "documents", "run"]
    found = set()
    for name in ("targets", "results", "glossary"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        header = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2, values_only=True):
            record = dict(zip(header, row, strict=True))
            found.add(record["quote"])
            assert record["document"] in {"demo-2025", "other-2024"}
            assert {"section", "start", "end", "grounding"} <= record.keys()
    assert found == _expected_quotes(report)
    targets = book["targets"]
    header = [c.value for c in targets[1]]
    value = targets.cell(row=2, column=header.index("value") + 1)
    assert value.value == 5.3 and value.data_type == "n"
    glossary = book["glossary"]
    quote = glossary.cell(row=2, column=[c.value for c in glossary[1]].index("quote") + 1)
    assert quote.value == "=1+1, 逗号" and quote.data_type == "s"  # never a formula
    documents = [r for r in book["documents"].iter_rows(min_row=2, values_only=True)]
    assert [d[0] for d in documents] == ["demo-2025", "other-2024"]
    assert book["run"].cell(row=2, column=2).value == "rules"


def test_write_output_to_streams() -> None:
    text = io.StringIO()
    write_output([_report()], "jsonl", text)
    assert len(text.getvalue().splitlines()) == 3
    binary = io.BytesIO()
    write_output([_report()], "xlsx", binary)
    assert binary.getvalue()[:2] == b"PK"


def test_run_directory_outputs(tmp_path: Path) -> None:
    report = _report()
    (tmp_path / "demo-2025.json").write_text(report.model_dump_json(), encoding="utf-8")
    (tmp_path / "run.json").write_text("{}", encoding="utf-8")
    assert [r.doc_id for r in read_run_dir(tmp_path)] == ["demo-2025"]
    for fmt in ("jsonl", "csv", "xlsx"):
        (written,) = write_run_outputs(tmp_path, fmt)
        assert written.exists() and written.parent == tmp_path
    assert write_run_outputs(tmp_path, "json") == []
    assert [r.doc_id for r in read_run_dir(tmp_path)] == ["demo-2025"]  # outputs are not inputs


def test_bad_inputs_name_the_fix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="use one of json, jsonl, csv, xlsx"):
        write_output([], "tsv", tmp_path / "x.tsv")
    with pytest.raises(InputError, match="add -o RUN_DIR"):
        render_text([], "xlsx")
    with pytest.raises(InputError, match="is not a run directory"):
        read_run_dir(tmp_path / "missing")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="delete it and re-run"):
        read_run_dir(tmp_path)
