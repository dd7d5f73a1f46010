"""`--format table`: one report readable on the terminal, every item a row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govx import main

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "texts" / "shili-2025.txt"


def test_every_item_is_a_row_with_its_quote(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SAMPLE), "--backend", "rules"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert main(["extract", str(SAMPLE), "--backend", "rules", "--format", "table"]) == 0
    table = capsys.readouterr().out
    rows = [line for line in table.splitlines() if line.startswith("│")]
    kinds = [row.split("│")[1].strip() for row in rows]
    assert kinds.count("target") == len(report["targets"])
    assert kinds.count("result") == len(report["results"])
    assert kinds.count("glossary") == len(report["glossary"])
    assert "≈5.5" in table and "地区生产总值增长5.5%左右" in table


def test_a_table_is_not_written_into_a_run_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["extract", str(SAMPLE), "--backend", "rules", "--format", "table", "-o", str(tmp_path)]
    )
    assert code == 2 and not list(tmp_path.iterdir())  # refused before any work
    assert capsys.readouterr().err.endswith(
        "Error: --format table prints to the terminal: drop -o, or use csv or xlsx\n"
    )
