"""One report as a table on the terminal: what an analyst reads before opening Excel."""

from __future__ import annotations

import io

from schemas.items import Grounding, Item
from schemas.report import ReportExtraction

_QUALIFIER = {"approx": "≈", "at_least": "≥", "at_most": "≤", "exact": ""}


def render_table(reports: list[ReportExtraction]) -> str:
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=160, no_color=True, highlight=False)
    for report in reports:
        table = Table(title=_title(report), title_justify="left", show_lines=False)
        for column in ("kind", "indicator", "value", "unit", "year", "flags", "quote"):
            table.add_column(column, overflow="fold")
        for kind, items in (("target", report.targets), ("result", report.results)):
            for item in items:
                table.add_row(
                    kind,
                    item.indicator,
                    _value(item),
                    item.unit,
                    str(item.year or ""),
                    _flags(item),
                    item.quote,
                )
        for term in report.glossary:
            table.add_row(
                "glossary",
                term.term,
                str(term.number or ""),
                "",
                "",
                _grounding_flag(term.grounding),
                term.definition[:60],
            )
        console.print(table)
    return buffer.getvalue().rstrip("\n")


def _title(report: ReportExtraction) -> str:
    where = report.region or report.doc_id
    counts = f"{len(report.targets)} targets, {len(report.results)} results, "
    return f"{where} {report.report_year or ''}: {counts}{len(report.glossary)} glossary terms"


def _value(item: Item) -> str:
    if item.value is None:
        return "—"
    value = f"{item.value:g}" + (f"–{item.value_max:g}" if item.value_max is not None else "")
    return _QUALIFIER[item.qualifier.value] + value


def _flags(item: Item) -> str:
    flags = [item.measure.value]
    flags += ["main"] if item.main else []
    flags += ["estimated"] if item.estimated else []
    return " ".join([*flags, _grounding_flag(item.grounding)]).strip()


def _grounding_flag(grounding: Grounding | None) -> str:
    return "UNGROUNDED" if grounding == Grounding.ungrounded else ""
