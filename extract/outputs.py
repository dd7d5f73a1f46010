"""Tables people open: JSONL, CSV (UTF-8 with BOM), XLSX, and the HTML review pages.

Every row is one item and carries where it came from (document, section, quote,
span, grounding status), so a row pasted into a spreadsheet can still be checked
against the text. The same flat rows feed JSONL, CSV and XLSX: one place decides
what a row is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from extract import rundir
from schemas.errors import InputError
from schemas.items import GlossaryTerm, Item
from schemas.report import ReportExtraction

FORMATS = ("json", "jsonl", "csv", "xlsx", "html")
KINDS = ("targets", "results", "glossary")
KIND_OF_LIST = {"targets": "target", "results": "result", "glossary": "glossary"}
# Column order of every item table; glossary rows leave the item fields empty and
# item rows leave the glossary fields empty, so one CSV can hold all three kinds.
ITEM_FIELDS = (
    "indicator",
    "canonical",
    "measure",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "year",
    "estimated",
    "main",
)
TERM_FIELDS = ("term", "number", "definition")
SPAN_FIELDS = ("quote", "start", "end", "grounding", "grounding_reason")
COLUMNS = ("document", "kind", "section", *ITEM_FIELDS, *TERM_FIELDS, *SPAN_FIELDS)
SHEET_COLUMNS = {
    "targets": ("document", "section", *ITEM_FIELDS, *SPAN_FIELDS),
    "results": ("document", "section", *ITEM_FIELDS, *SPAN_FIELDS),
    "glossary": ("document", "section", *TERM_FIELDS, *SPAN_FIELDS),
}
DOCUMENT_COLUMNS = (
    "document",
    "source",
    "region",
    "region_code",
    "level",
    "report_year",
    "scope",
    "sections",
    "targets",
    "results",
    "glossary",
    "ungrounded",
    "warnings",
)
_RUN_USAGE = ("requests", "cache_hits", "reasks", "total_tokens")
RUN_COLUMNS = ("document", *rundir.RUN_IDENTITY, "started_at", *_RUN_USAGE)
# Output file names inside a run directory (per-document JSON is written by batch).
RUN_FILES = {"jsonl": "items.jsonl", "csv": "items.csv", "xlsx": "items.xlsx"}


def item_row(report: ReportExtraction, kind: str, item: Item | GlossaryTerm) -> dict[str, Any]:
    """One flat row: the item's own fields plus the document and kind it belongs to."""
    data = item.model_dump(mode="json")
    row: dict[str, Any] = {name: None for name in COLUMNS}
    row.update({k: v for k, v in data.items() if k in row})
    row["document"], row["kind"] = report.doc_id, KIND_OF_LIST[kind]
    return row


def iter_rows(
    reports: Iterable[ReportExtraction], kind: str | None = None
) -> Iterator[dict[str, Any]]:
    """Rows of every item of every report, in document order then kind order."""
    for report in reports:
        for name in KINDS if kind is None else (kind,):
            for item in getattr(report, name):
                yield item_row(report, name, item)


def render_text(reports: list[ReportExtraction], fmt: str) -> str:
    """json, jsonl or csv as one string (for stdout); binary formats need a file."""
    if fmt == "json":
        return json.dumps(
            [r.model_dump(mode="json") for r in reports], ensure_ascii=False, indent=2
        )
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in iter_rows(reports))
    if fmt == "csv":
        return csv_text(COLUMNS, iter_rows(reports))
    if fmt == "table":
        from extract.table import render_table

        return render_table(reports)
    raise InputError(f"--format {fmt} writes files, not text: add -o RUN_DIR")


def write_output(reports: list[ReportExtraction], fmt: str, dest: Path | IO[Any]) -> None:
    """Write `reports` as json|jsonl|csv|xlsx to a path or an open stream.

    Text formats take a text stream, xlsx a binary one. A path is written whole
    or not at all (atomic rename), so a crash never leaves half a table.
    """
    if fmt not in FORMATS or fmt == "html":
        raise InputError(f"unknown table format {fmt!r}: use one of json, jsonl, csv, xlsx")
    if fmt == "xlsx":
        payload: str | bytes = _xlsx_bytes(reports)
    else:
        payload = render_text(reports, fmt)
    if isinstance(dest, Path):
        dest.parent.mkdir(parents=True, exist_ok=True)
        rundir.write_atomic(dest, payload)
    else:
        dest.write(payload)


def read_run_dir(run_dir: Path) -> list[ReportExtraction]:
    """The per-document extractions of a run directory, in file-name order."""
    if not run_dir.is_dir():
        raise InputError(f"{run_dir} is not a run directory: give the -o folder of `govx extract`")
    reports = []
    for path in rundir.extraction_files(run_dir):
        try:
            reports.append(ReportExtraction.model_validate_json(path.read_bytes()))
        except ValueError as exc:
            raise InputError(
                f"{path} is not a govx extraction ({type(exc).__name__}); delete it and re-run "
                "`govx extract` into this folder"
            ) from exc
    return reports


def check_run_format(fmt: str) -> None:
    """Fail before any work when `fmt` cannot go into a run directory."""
    if fmt == "table":
        raise InputError("--format table prints to the terminal: drop -o, or use csv or xlsx")


def write_run_outputs(run_dir: Path, fmt: str) -> list[Path]:
    """Build `fmt` from a finished run directory's JSON files; return the files written."""
    check_run_format(fmt)
    reports = read_run_dir(run_dir)
    if fmt == "json":
        return []
    if fmt == "html":
        from extract.review_page import write_review_pages

        return write_review_pages(reports, run_dir)
    target = run_dir / RUN_FILES[fmt]
    write_output(reports, fmt, target)
    return [target]


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV for Excel: UTF-8 BOM first (Excel then reads Chinese right), CRLF, 5.0 as 5."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # csv with encoding utf-8-sig strips it again
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(row.get(k)) for k in columns})
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 5.0 -> "5": the number as the report writes it
    return "" if value is None else value


def _xlsx_bytes(reports: list[ReportExtraction]) -> bytes:
    from extract.xlsx import workbook_bytes

    sheets: dict[str, tuple[tuple[str, ...], list[dict[str, Any]]]] = {
        kind: (SHEET_COLUMNS[kind], list(iter_rows(reports, kind))) for kind in KINDS
    }
    sheets["documents"] = (DOCUMENT_COLUMNS, [_document_row(r) for r in reports])
    sheets["run"] = (RUN_COLUMNS, [_run_row(r) for r in reports])
    return workbook_bytes(sheets)


def _document_row(report: ReportExtraction) -> dict[str, Any]:
    items = [*report.targets, *report.results, *report.glossary]
    return {
        "document": report.doc_id,
        "source": report.source,
        "region": report.region,
        "region_code": report.region_code,
        "level": report.level,
        "report_year": report.report_year,
        "scope": report.scope,
        "sections": len(report.sections),
        "targets": len(report.targets),
        "results": len(report.results),
        "glossary": len(report.glossary),
        "ungrounded": sum(1 for i in items if i.grounding == "ungrounded"),
        "warnings": "; ".join(report.warnings),
    }


def _run_row(report: ReportExtraction) -> dict[str, Any]:
    run = report.run
    row: dict[str, Any] = {"document": report.doc_id}
    row.update({k: getattr(run, k) for k in (*rundir.RUN_IDENTITY, "started_at")})
    row.update({k: getattr(run.usage, k) for k in _RUN_USAGE})
    return row
