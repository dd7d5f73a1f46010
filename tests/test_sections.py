"""Sections: headings, roles, years, size bound, and the acceptance documents."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.documents import load_document
from extract.normalize import normalize
from extract.sections import split_sections
from govx import main
from schemas.report import SectionRole

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "texts"
PROVINCES = ROOT.parent / "shared" / "external" / "provinces-2026"
EXAMPLES = ROOT / "examples" / "texts"


def _sections(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, object]]:
    assert main(["sections", str(path), "--json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def _role_years(rows: list[dict[str, object]]) -> set[tuple[object, object]]:
    return {(row["role"], row["year"]) for row in rows}


def _assert_cover(rows: list[dict[str, object]], text: str) -> None:
    assert rows[0]["start"] == 0
    assert rows[-1]["end"] == len(text)
    assert all(a["end"] == b["start"] for a, b in pairwise(rows))


_PIECES = st.sampled_from(
    [
        "一、2024年工作回顾\n",
        "二、2025年工作安排\n",
        "（一）稳增长\n",
        "名词解释\n",
        "附件\n",
        "1.KPL：职业联赛简称。\n",
        "【3】三保：保基本民生。\n",
        "今年，力争增长5%。",
        "去年完成320亿元。",
        "2025年，将新增就业1000人。\n",
        "地区生产总值增长6%左右，",
        "\n",
        "\n\n",
        "。",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=40).map("".join))
def test_sections_cover_any_text_in_order_under_the_bound(raw: str) -> None:
    norm = normalize(raw)
    sections, _year = split_sections(norm, max_chars=200)
    if not norm.text:
        assert sections == []
        return
    assert sections[0].start == 0
    assert sections[-1].end == len(norm.text)
    for i, section in enumerate(sections):
        assert section.index == i
        assert section.start < section.end
        assert section.chars <= 200
        assert section.parent is None or section.parent < i
    assert all(a.end == b.start for a, b in pairwise(sections))


def test_example_report_sections(capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "shili-2025-trad.txt"
    rows = _sections(capsys, path)
    assert {"heading", "role", "year", "start", "end", "chars"} <= set(rows[0])
    assert _role_years(rows) == {
        ("other", None),
        ("review", 2024),
        ("plan", 2025),
        ("glossary", None),
    }
    _assert_cover(rows, load_document(path).text)
    text = load_document(path).text
    targets = text.index("主要预期目标")
    assert any(r["role"] == "plan" and r["start"] <= targets < r["end"] for r in rows)  # type: ignore[operator]


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ("xunyang-2024", {("review", 2023), ("plan", 2024), ("glossary", None)}),
        ("zhanggong-2024", {("review", 2023), ("plan", 2024)}),
        ("runzhou-2025", {("review", 2024), ("plan", 2025)}),
    ],
)
def test_acceptance_documents(
    capsys: pytest.CaptureFixture[str], doc: str, expected: set[tuple[object, object]]
) -> None:
    rows = _sections(capsys, CORPUS / f"{doc}.txt")
    assert expected <= _role_years(rows)
    _assert_cover(rows, load_document(CORPUS / f"{doc}.txt").text)


def test_tree_shows_heading_role_year_and_span(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sections", str(EXAMPLES / "shili-2025.txt")]) == 0
    out = capsys.readouterr().out
    assert "report year: 2025" in out
    assert "二、2025年工作安排  plan 2025" in out
    assert "  （一）经济运行稳中向好  review 2024" in out


def test_news_without_headings_splits_where_it_turns_to_the_coming_year() -> None:
    raw = (
        "示例区召开人代会\n"
        "会议回顾了过去一年的工作。2024年，全区地区生产总值同比增长5%，完成了全年目标。\n"
        "新增就业1200人，取得了新成效。\n"
        "2025年，示例区将聚焦高质量发展，力争地区生产总值增长6%左右。\n"
        "新的一年，要抓好重点项目建设。\n"
    )
    sections, year = split_sections(normalize(raw))
    assert year == 2025
    roles = [(s.role, s.year) for s in sections]
    assert (SectionRole.review, 2024) in roles
    assert (SectionRole.plan, 2025) in roles
    plan = next(s for s in sections if s.role is SectionRole.plan)
    assert normalize(raw).text[plan.start :].startswith("2025年，示例区将")


def test_footnote_explanations_are_a_glossary() -> None:
    raw = (
        "2024年某县政府工作报告\n一、2023年工作回顾\n推进“三保”【1】工作。\n"
        "二、2024年工作安排\n深化“放管服”【2】改革。\n"
        "【1】三保：保基本民生、保工资、保运转。\n【2】放管服：简政放权、放管结合、优化服务。\n"
        "【3】KPL：职业联赛简称。\n"
    )
    sections, _year = split_sections(normalize(raw))
    assert sections[-1].role is SectionRole.glossary
    assert normalize(raw).text[sections[-1].start :].startswith("【1】三保")


def test_long_sections_split_at_paragraph_ends_under_the_bound() -> None:
    paragraph = "地区生产总值增长5%，规模以上工业增加值增长6%，各项事业全面进步。" * 10
    raw = "一、2024年工作回顾\n" + "\n".join([paragraph] * 12)
    norm = normalize(raw)
    sections, _ = split_sections(norm, max_chars=1000)
    assert len(sections) > 3
    assert [s.part for s in sections] == list(range(1, len(sections) + 1))
    for section in sections:
        assert section.chars <= 1000
        assert norm.text[section.end - 1] in "\n。" or section.end == len(norm.text)


@pytest.mark.corpus
def test_every_corpus_document_is_covered_by_its_sections() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        doc = load_document(path)
        rows = [s.model_dump() for s in doc.sections]
        _assert_cover(rows, doc.text)


@pytest.mark.external
def test_every_provincial_report_sections_with_a_plan_part() -> None:
    paths = sorted(PROVINCES.glob("*.txt"))
    assert len(paths) == 31
    for path in paths:
        doc = load_document(path)
        assert doc.report_year == 2026, path.name
        assert any(s.role is SectionRole.plan and s.year == 2026 for s in doc.sections), path.name
        assert any(s.role is SectionRole.review for s in doc.sections), path.name
        assert doc.sections[-1].end == len(doc.text)


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        ("(湖北省)2017年监利县人民政府工作报告(全文)\n一、2017年工作回顾\n", 2018),  # heading wins
        ("2024年九江市浔阳区人民政府工作报告\n各位代表：\n", 2024),
        ("政府工作报告\n——2016年12月16日在黄梅县第十六届人民代表大会第一次会议上\n", 2017),
        ("政府工作报告\n——2024年1月20日在浔阳区第十一届人民代表大会第四次会议上\n", 2024),
        ("报告回顾了霞山区2024年工作。\n", 2025),
        ("某县召开人代会。\n会议开幕。\n", None),
    ],
)
def test_report_year_from_headings_title_date_line_or_wording(raw: str, year: int | None) -> None:
    assert split_sections(normalize(raw))[1] == year


def test_document_hints_come_from_the_title(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(
        "2024年九江市浔阳区人民政府工作报告\n一、2023年工作回顾\n增长5%。\n", encoding="utf-8"
    )
    doc = load_document(path)
    assert (doc.doc_id, doc.title, doc.report_year) == (
        "r",
        "2024年九江市浔阳区人民政府工作报告",
        2024,
    )
    assert doc.region is not None
    assert (doc.region.name, doc.region.code, doc.region.level) == (
        "江西省九江市浔阳区",
        "360403",
        "district",
    )
    review = next(s for s in doc.sections if s.role is SectionRole.review)
    assert doc.section_text(review).startswith("一、2023年工作回顾")


def test_the_first_year_of_a_five_year_plan_is_the_reports_year() -> None:
    from extract.years import speaks_of_five_years

    assert speaks_of_five_years("二、“十五五”时期主要目标任务")
    assert not speaks_of_five_years("三、全力推动“十五五”开好局、起好步")
