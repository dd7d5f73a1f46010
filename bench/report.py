"""The results table, on the terminal and in bench/RESULTS.md."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from bench.common import PartResult, Row

HEADER = ("part", "figure", "value", "goal", "status", "note")


def _cells(row: Row) -> tuple[str, ...]:
    return (row.part, row.figure, row.value, row.goal, row.status, row.note)


def table_text(parts: list[PartResult]) -> str:
    """A plain aligned table for the terminal."""
    rows = [HEADER] + [_cells(r) for p in parts for r in p.rows]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(HEADER) - 1)]
    lines = []
    for r in rows:
        cells = [c + " " * (w - _width(c)) for c, w in zip(r[:-1], widths, strict=True)]
        lines.append("  ".join(cells) + "  " + r[-1])
    return "\n".join(lines)


def _width(text: str) -> int:
    # CJK characters take two columns on a terminal
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def table_markdown(parts: list[PartResult]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    for part in parts:
        for row in part.rows:
            cells = [c.replace("|", "\\|") for c in _cells(row)]
            cells[4] = f"**{cells[4]}**" if row.met is False else cells[4]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def results_markdown(
    parts: list[PartResult], machine: list[tuple[str, str]], command: str, seconds: float
) -> str:
    misses = [r for p in parts for r in p.rows if r.met is False]
    met = [r for p in parts for r in p.rows if r.met is True]
    lines = [
        "# govx benchmark results",
        "",
        f"Written by `{command}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC in {seconds:.0f} s. "
        "Goals come from issue 8; nothing here is a test. Status `MISS` means the figure "
        "misses its goal (the reason found is in the note and the sections below); `-` is "
        "a figure with no goal of its own.",
        "",
        f"{len(met)} goals met, {len(misses)} missed.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in machine],
        "",
        "## Figures",
        "",
        table_markdown(parts),
    ]
    for part in parts:
        if part.seconds or part.details:
            lines += [
                "",
                f"## {part.name}",
                "",
                f"Part took {part.seconds:.0f} s; 1-minute load average at its start "
                f"{part.load:.1f} on {os.cpu_count()} cores.",
                "",
            ]
            if part.method:
                lines += ["How: " + part.method.strip(), ""]
            lines += ["\n\n".join(part.details)]
    return "\n".join(lines) + "\n"
