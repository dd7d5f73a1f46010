"""The panel: a region's target for a year beside the outcome the next report gives for it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from eval.panel import build_panel_file
from govx import main
from schemas.errors import InputError
from schemas.items import Grounding, Measure, Qualifier, Result, Target
from schemas.report import ReportExtraction, RunRecord

# Two FICTIONAL reports of one real district (the figures are invented): the 2024
# report sets 2024 targets, the 2025 report reviews 2024 and sets 2025 targets.
REPORT_2024 = """2024年九江市浔阳区人民政府工作报告
——2024年1月10日在浔阳区第十一届人民代表大会第四次会议上
二、2024年工作安排
主要预期目标：地区生产总值增长6%左右，城镇新增就业2000人以上，一般公共预算收入增长3%。
力争新增车位2000个以上。
"""
REPORT_2025 = """2025年九江市浔阳区人民政府工作报告
——2025年1月12日在浔阳区第十一届人民代表大会第五次会议上
一、2024年工作回顾
全年地区生产总值增长5.2%，城镇新增就业0.25万人，新增车位2100个。
二、2025年工作安排
主要预期目标：地区生产总值增长5.5%左右。
"""


def _target(
    indicator: str,
    canonical: str | None,
    measure: Measure,
    value: float,
    unit: str,
    qualifier: Qualifier,
    quote: str,
    year: int,
    main: bool = True,
) -> Target:
    return Target(
        indicator=indicator,
        canonical=canonical,
        measure=measure,
        value=value,
        unit=unit,
        qualifier=qualifier,
        year=year,
        main=main,
        quote=quote,
        grounding=Grounding.exact,
    )


def _result(
    indicator: str, canonical: str | None, measure: Measure, value: float, unit: str, quote: str
) -> Result:
    return Result(
        indicator=indicator,
        canonical=canonical,
        measure=measure,
        value=value,
        unit=unit,
        year=2024,
        quote=quote,
        grounding=Grounding.exact,
    )


def _run_dirs(tmp_path: Path) -> list[Path]:
    texts = {2024: REPORT_2024, 2025: REPORT_2025}
    g, lv = Measure.growth, Measure.level
    targets = {
        2024: [
            _target(
                "地区生产总值", "gdp", g, 6, "%", Qualifier.approx, "地区生产总值增长6%左右", 2024
            ),
            _target(
                "城镇新增就业",
                "new_urban_jobs",
                lv,
                2000,
                "人",
                Qualifier.at_least,
                "城镇新增就业2000人以上",
                2024,
            ),
            _target(
                "一般公共预算收入",
                "budget_revenue",
                g,
                3,
                "%",
                Qualifier.exact,
                "一般公共预算收入增长3%",
                2024,
            ),
            _target(
                "新增车位",
                None,
                lv,
                2000,
                "个",
                Qualifier.at_least,
                "新增车位2000个以上",
                2024,
                main=False,
            ),
        ],
        2025: [
            _target(
                "地区生产总值",
                "gdp",
                g,
                5.5,
                "%",
                Qualifier.approx,
                "地区生产总值增长5.5%左右",
                2025,
            ),
        ],
    }
    results = {
        2024: [],
        2025: [
            _result("地区生产总值", "gdp", g, 5.2, "%", "地区生产总值增长5.2%"),
            _result("城镇新增就业", "new_urban_jobs", lv, 0.25, "万人", "城镇新增就业0.25万人"),
            _result("新增车位", None, lv, 2100, "个", "新增车位2100个"),
        ],
    }
    dirs = []
    for year, text in texts.items():
        source = tmp_path / f"xunyang-{year}.txt"
        source.write_text(text, encoding="utf-8")
        run_dir = tmp_path / f"run{year}"
        run_dir.mkdir()
        report = ReportExtraction(
            doc_id=f"xunyang-{year}",
            source=str(source),
            region="江西省九江市浔阳区",  # as govx extract resolves it from the title
            region_code="360403",
            report_year=year,
            run=RunRecord(backend="rules"),
            targets=targets[year],
            results=results[year],
        )
        (run_dir / f"xunyang-{year}.json").write_text(report.model_dump_json(), encoding="utf-8")
        dirs.append(run_dir)
    return dirs


def _csv_rows(path: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {(r["year"], r["canonical"] or r["indicator"], r["measure"]): r for r in rows}


def test_target_and_outcome_side_by_side(tmp_path: Path) -> None:
    summary = build_panel_file(_run_dirs(tmp_path), tmp_path / "panel.csv")
    assert "1 regions" in summary and "3 rows have target and outcome side by side" in summary
    rows = _csv_rows(tmp_path / "panel.csv")
    gdp = rows[("2024", "gdp", "growth")]
    assert (gdp["region"], gdp["region_code"], gdp["level"]) == (
        "江西省九江市浔阳区",
        "360403",
        "district",
    )
    assert (gdp["target_value"], gdp["target_qualifier"], gdp["outcome_value"]) == (
        "6",
        "approx",
        "5.2",
    )
    assert (gdp["target_document"], gdp["outcome_document"]) == ("xunyang-2024", "xunyang-2025")
    assert gdp["target_quote"] == "地区生产总值增长6%左右"
    assert gdp["outcome_quote"] == "地区生产总值增长5.2%"
    assert float(gdp["gap"]) == pytest.approx(-0.8) and gdp["gap_unit"] == "%"
    jobs = rows[("2024", "new_urban_jobs", "level")]
    assert (jobs["target_value"], jobs["outcome_value"], jobs["outcome_unit"]) == (
        "2000",
        "0.25",
        "万人",
    )
    assert (
        float(jobs["gap"]) == pytest.approx(500) and jobs["gap_unit"] == "人"
    )  # 0.25万人 = 2500人
    parking = rows[("2024", "新增车位", "level")]  # outside the canonical list: kept by name
    assert (parking["canonical"], parking["target_value"], parking["outcome_value"]) == (
        "",
        "2000",
        "2100",
    )
    revenue = rows[("2024", "budget_revenue", "growth")]  # no outcome reported: left empty
    assert revenue["target_value"] == "3" and revenue["outcome_value"] == ""
    next_year = rows[("2025", "gdp", "growth")]
    assert next_year["target_value"] == "5.5" and next_year["outcome_value"] == ""
    assert len(rows) == 5


def test_xlsx_panel_has_numbers_and_sources(tmp_path: Path) -> None:
    build_panel_file(_run_dirs(tmp_path), tmp_path / "panel.xlsx")
    book = load_workbook(tmp_path / "panel.xlsx")
    assert book.sheetnames == ["panel", "sources"]
    sheet = book["panel"]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))
    assert (
        first["canonical"] == "gdp" and first["target_value"] == 6 and first["outcome_value"] == 5.2
    )
    assert sheet.freeze_panes == "A2"
    assert [r[0] for r in book["sources"].iter_rows(min_row=2, values_only=True)] == [
        "xunyang-2024",
        "xunyang-2025",
    ]


def test_wrong_extension_names_the_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError):
        build_panel_file(_run_dirs(tmp_path), tmp_path / "panel.txt")
    assert main(["panel", str(tmp_path / "run2024"), "-o", str(tmp_path / "panel.json")]) == 2
    assert capsys.readouterr().err == (
        "Error: cannot write a panel to panel.json: give -o a file ending in .csv or .xlsx\n"
    )


def test_empty_or_missing_run_directories(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not a run directory"):
        build_panel_file([tmp_path / "nope"], tmp_path / "panel.csv")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="run `govx extract FILES -o RUN_DIR` first"):
        build_panel_file([tmp_path / "empty"], tmp_path / "panel.csv")


def test_extract_then_panel_through_the_cli(tmp_path: Path) -> None:
    """The rules backend on the two fictional reports, then `govx panel`, as a user runs it."""
    runs = []
    for year, text in ((2024, REPORT_2024), (2025, REPORT_2025)):
        source = tmp_path / f"xunyang-{year}.txt"
        source.write_text(text, encoding="utf-8")
        runs.append(tmp_path / f"run{year}")
        args = ["extract", str(source), "-o", str(runs[-1]), "--no-progress", "--format", "html"]
        assert main([*args, "--backend", "rules"]) == 0
        assert (runs[-1] / "index.html").exists() and (runs[-1] / f"xunyang-{year}.html").exists()
    assert main(["panel", *map(str, runs), "-o", str(tmp_path / "panel.csv")]) == 0
    gdp = _csv_rows(tmp_path / "panel.csv")[("2024", "gdp", "growth")]
    assert (gdp["target_value"], gdp["outcome_value"]) == ("6", "5.2")


def test_reports_whose_region_is_unknown_say_so(tmp_path: Path) -> None:
    runs = _run_dirs(tmp_path)
    for run, year in zip(runs, (2024, 2025), strict=True):
        path = run / f"xunyang-{year}.json"  # as extracted from a text naming no region
        report = ReportExtraction.model_validate_json(path.read_text(encoding="utf-8"))
        report.region = report.region_code = None
        path.write_text(report.model_dump_json(), encoding="utf-8")
    summary = build_panel_file(runs, tmp_path / "panel.csv")
    assert "region not found in the text of: xunyang-2024, xunyang-2025" in summary
    assert "GDP growth: a target in 2 region-years, an outcome in 1, both in 0" in summary
