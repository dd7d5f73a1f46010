"""The region × year panel: each year's targets beside the outcomes reported for them.

A target for year Y comes from the report delivered in Y (its plan); the outcome
for Y from the review of the report delivered in Y+1, or from any report whose
review speaks of Y (the latest wins: it has the final figure). Rows are keyed by
region, year, indicator (canonical code when there is one, else the name as
written) and measure, so growth targets meet growth outcomes and levels meet
levels. Every filled cell keeps the quote and document it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.numbers import to_base
from extract.outputs import csv_text, read_run_dir
from extract.regions import Region, resolve_region
from extract.rundir import write_atomic
from schemas.errors import InputError
from schemas.items import CANONICAL_CODES, Grounding, Item, Result, Target
from schemas.report import ReportExtraction

COLUMNS = (
    "region",
    "region_code",
    "level",
    "year",
    "indicator",
    "canonical",
    "measure",
    "target_value",
    "target_value_max",
    "target_unit",
    "target_qualifier",
    "target_main",
    "target_quote",
    "target_document",
    "outcome_value",
    "outcome_unit",
    "outcome_estimated",
    "outcome_quote",
    "outcome_document",
    "gap",
    "gap_unit",
    "other_targets",
)
SOURCE_COLUMNS = (
    "document",
    "run_dir",
    "report_year",
    "region",
    "region_code",
    "region_as_written",
)
_CANONICAL_ORDER = {code: i for i, code in enumerate(CANONICAL_CODES)}


@dataclass(frozen=True)
class _Source:
    report: ReportExtraction
    run_dir: Path
    region: Region | None

    @property
    def region_key(self) -> str:
        return self.region.code if self.region else (self.report.region or self.report.doc_id)


@dataclass
class _Cell:
    targets: list[tuple[Target, _Source]]
    outcome: tuple[Result, _Source] | None = None


Key = tuple[str, int, str, str]  # region key, year, indicator key, measure


def build_panel_file(run_dirs: list[Path], out_path: Path) -> str:
    """Write the panel of `run_dirs` to a .csv or .xlsx file; return a summary line."""
    suffix = out_path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(
            f"cannot write a panel to {out_path.name}: give -o a file ending in .csv or .xlsx"
        )
    sources = [_source(r, d) for d in run_dirs for r in read_run_dir(d)]
    if not sources:
        raise InputError(
            "no extractions in " + ", ".join(map(str, run_dirs)) + ": run `govx "
            "extract FILES -o RUN_DIR` first"
        )
    rows = panel_rows(sources)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        write_atomic(out_path, csv_text(COLUMNS, rows))
    else:
        from extract.xlsx import workbook_bytes

        sheets = {"panel": (COLUMNS, rows), "sources": (SOURCE_COLUMNS, _source_rows(sources))}
        write_atomic(out_path, workbook_bytes(sheets))
    return _summary(out_path, rows, sources)


def panel_rows(sources: list[_Source]) -> list[dict[str, Any]]:
    cells: dict[Key, _Cell] = {}
    for source in sources:
        for target in source.report.targets:
            key = _key(source, target, _year(target, source.report))
            if key:
                cells.setdefault(key, _Cell([])).targets.append((target, source))
    for source in sorted(sources, key=lambda s: s.report.report_year or 0):
        for result in source.report.results:
            key = _key(source, result, result.year)
            if key and (
                key not in cells or cells[key].outcome is None or _later(source, cells[key])
            ):
                cells.setdefault(key, _Cell([])).outcome = (result, source)
    return [_row(key, cell) for key, cell in sorted(cells.items(), key=lambda kv: _order(kv[0]))]


def _later(source: _Source, cell: _Cell) -> bool:
    """A later report's review replaces an earlier one's figure (preliminary -> final)."""
    assert cell.outcome is not None
    current = cell.outcome[1]
    return current is not source and (source.report.report_year or 0) > (
        current.report.report_year or 0
    )


def _key(source: _Source, item: Item, year: int | None) -> Key | None:
    if year is None:
        return None  # five-year totals and figures the text gives no year cannot be placed
    if item.grounding == Grounding.ungrounded:
        return None  # a figure the text does not say (an invention, an obeyed injection)
    return (source.region_key, year, item.canonical or item.indicator, item.measure.value)


def _year(target: Target, report: ReportExtraction) -> int | None:
    return target.year if target.year is not None else report.report_year


def _order(key: Key) -> tuple[str, int, int, str, str]:
    region, year, indicator, measure = key
    return (
        region,
        year,
        _CANONICAL_ORDER.get(indicator, len(_CANONICAL_ORDER)),
        indicator,
        measure,
    )


def _row(key: Key, cell: _Cell) -> dict[str, Any]:
    _, year, indicator, measure = key
    target = _headline(cell.targets)
    first = target or cell.outcome
    assert first is not None  # a cell is made for a target or an outcome
    item, source = first
    region = source.region
    row: dict[str, Any] = {
        "region": region.name if region else source.region_key,
        "region_code": region.code if region else None,
        "level": region.level if region else source.report.level,
        "year": year,
        "indicator": item.indicator,
        "canonical": indicator if indicator in CANONICAL_CODES else None,
        "measure": measure,
    }
    if target:
        row.update(_target_fields(*target))
        row["other_targets"] = "; ".join(_short(t) for t, _ in cell.targets if t is not target[0])
    if cell.outcome:
        row.update(_outcome_fields(*cell.outcome))
        if target:
            row.update(_gap(target[0], cell.outcome[0]))
    return row


def _headline(targets: list[tuple[Target, _Source]]) -> tuple[Target, _Source] | None:
    """The headline list's figure when there is one, else the first stated."""
    numeric = [t for t in targets if t[0].value is not None] or targets
    main = [t for t in numeric if t[0].main]
    chosen = main or numeric
    return chosen[0] if chosen else None


def _target_fields(target: Target, source: _Source) -> dict[str, Any]:
    return {
        "target_value": target.value,
        "target_value_max": target.value_max,
        "target_unit": target.unit,
        "target_qualifier": target.qualifier.value,
        "target_main": target.main,
        "target_quote": target.quote,
        "target_document": source.report.doc_id,
    }


def _outcome_fields(result: Result, source: _Source) -> dict[str, Any]:
    return {
        "outcome_value": result.value,
        "outcome_unit": result.unit,
        "outcome_estimated": result.estimated,
        "outcome_quote": result.quote,
        "outcome_document": source.report.doc_id,
    }


def _gap(target: Target, result: Result) -> dict[str, Any]:
    """Outcome minus target (its lower end), in the target's unit; empty when units differ."""
    if target.value is None or result.value is None:
        return {}
    per_unit, unit = to_base(1.0, target.unit)  # 亿元 -> (1e8, 元)
    base_result, result_unit = to_base(result.value, result.unit)
    if unit != result_unit:
        return {}
    return {"gap": round(base_result / per_unit - target.value, 6), "gap_unit": target.unit}


def _short(target: Target) -> str:
    high = "" if target.value_max is None else f"-{target.value_max:g}"
    value = "" if target.value is None else f"{target.value:g}{high}{target.unit}"
    return f"{value} {target.qualifier.value}".strip()


def _source(report: ReportExtraction, run_dir: Path) -> _Source:
    return _Source(report, run_dir, _region_of(report))


def _region_of(report: ReportExtraction) -> Region | None:
    """Resolved at extract time; an older run without it is resolved from its region name."""
    return resolve_region(report.region)


def _source_rows(sources: Iterable[_Source]) -> list[dict[str, Any]]:
    return [
        {
            "document": s.report.doc_id,
            "run_dir": str(s.run_dir),
            "report_year": s.report.report_year,
            "region": s.region.name if s.region else s.report.region,
            "region_code": s.region.code if s.region else None,
            "region_as_written": s.region.as_written if s.region else None,
        }
        for s in sources
    ]


def _summary(out_path: Path, rows: list[dict[str, Any]], sources: list[_Source]) -> str:
    both = [r for r in rows if _filled(r, "target") and _filled(r, "outcome")]
    regions = {s.region_key for s in sources}
    years = sorted({r["year"] for r in rows})
    span = f"{years[0]}-{years[-1]}" if years else "none"
    gdp = [r for r in rows if r["canonical"] == "gdp" and r["measure"] == "growth"]
    lines = [
        f"wrote {out_path}: {len(rows)} rows, {len(regions)} regions, years {span}, "
        f"{len(sources)} documents; {len(both)} rows have target and outcome side by side",
        f"GDP growth: a target in {sum(_filled(r, 'target') for r in gdp)} region-years, "
        f"an outcome in {sum(_filled(r, 'outcome') for r in gdp)}, "
        f"both in {sum(_filled(r, 'target') and _filled(r, 'outcome') for r in gdp)}",
    ]
    unresolved = sorted(s.report.doc_id for s in sources if s.region is None)
    if unresolved:
        lines.append(
            "region not found in the text of: " + ", ".join(unresolved) + " (rows keyed by "
            "the region hint or document name)"
        )
    return "\n".join(lines)


def _filled(row: dict[str, Any], side: str) -> bool:
    return row.get(f"{side}_value") is not None
