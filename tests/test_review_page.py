"""The HTML review page: every item highlighted once, overlaps handled, the text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extract.markup import Span, mark_up
from extract.outputs import write_run_outputs
from extract.review_page import render_review_page, uncovered_numbers, write_review_pages
from schemas.items import GlossaryTerm, Grounding, Measure, Qualifier, Result, Target
from schemas.report import ReportExtraction, RunRecord, Section, SectionRole
from tests.browser import dump_dom, needs_chromium, screenshot

# A fictional report: a hostile fragment, two items sharing one quote, a crossing
# pair of spans, an ungrounded item with no place, and a number nobody extracted.
INJECTED = "<script>document.title='PWNED'</script><img src=x onerror=\"document.title='PWNED'\">"
TEXT = (
    "一、2024年工作回顾\n"
    "全年完成地区生产总值320亿元、同比增长6%左右。引进项目15个。\n"
    f"备注{INJECTED}\n"
    "二、2025年工作安排\n"
    "主要预期目标：地区生产总值增长5.5%左右，城镇新增就业1.2万人。\n"
    "三、名词解释\n"
    "1.KPL：指关键绩效指标。\n"
)


def _at(quote: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(quote, start + 1)
    return start, start + len(quote)


def _sections() -> list[Section]:
    review, plan, gloss = TEXT.index("一、"), TEXT.index("二、"), TEXT.index("三、")
    return [
        Section(
            index=0,
            heading="一、2024年工作回顾",
            role=SectionRole.review,
            year=2024,
            start=review,
            end=plan,
        ),
        Section(
            index=1,
            heading="二、2025年工作安排",
            role=SectionRole.plan,
            year=2025,
            start=plan,
            end=gloss,
        ),
        Section(
            index=2, heading="三、名词解释", role=SectionRole.glossary, start=gloss, end=len(TEXT)
        ),
    ]


def _result(indicator: str, measure: Measure, value: float, unit: str, quote: str) -> Result:
    start, end = _at(quote)
    return Result(
        indicator=indicator,
        measure=measure,
        value=value,
        unit=unit,
        year=2024,
        quote=quote,
        section=0,
        start=start,
        end=end,
        grounding=Grounding.exact,
    )


def _report() -> ReportExtraction:
    gdp_growth = _at("地区生产总值增长5.5%左右")
    crossing = _at("5.5%左右，城镇新增就业")  # crosses the GDP target's span
    term = _at("1.KPL：指关键绩效指标")
    return ReportExtraction(
        doc_id="fiction-2025",
        region="虚构省",
        report_year=2025,
        sections=_sections(),
        run=RunRecord(backend="rules"),
        results=[
            _result(
                "地区生产总值", Measure.level, 320, "亿元", "地区生产总值320亿元、同比增长6%左右"
            ),
            _result("地区生产总值", Measure.growth, 6, "%", "同比增长6%左右"),
        ],
        targets=[
            Target(
                indicator="地区生产总值",
                canonical="gdp",
                measure=Measure.growth,
                value=5.5,
                unit="%",
                qualifier=Qualifier.approx,
                year=2025,
                main=True,
                quote="地区生产总值增长5.5%左右",
                section=1,
                start=gdp_growth[0],
                end=gdp_growth[1],
                grounding=Grounding.exact,
            ),
            Target(
                indicator="城镇新增就业",
                measure=Measure.level,
                value=1.2,
                unit="万人",
                year=2025,
                quote="5.5%左右，城镇新增就业",
                section=1,
                start=crossing[0],
                end=crossing[1],
                grounding=Grounding.ungrounded,
                grounding_reason="value 1.2 is not written in the quote",
            ),
            Target(
                indicator="<b>粮食产量</b>",
                measure=Measure.level,
                value=300,
                unit="亿斤",
                year=2025,
                quote="粮食产量300亿斤<script>",
                section=1,
                grounding=Grounding.ungrounded,
                grounding_reason="quote not found",
            ),
        ],
        glossary=[
            GlossaryTerm(
                term="KPL",
                number=1,
                definition="关键绩效指标",
                quote="1.KPL：指关键绩效指标",
                section=2,
                start=term[0],
                end=term[1],
                grounding=Grounding.fuzzy,
            ),
        ],
    )


class _Tags(HTMLParser):
    """Checks nesting (every close tag matches the open one) and counts item marks."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.items: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("meta", "input", "img", "br"):
            self.stack.append(tag)
        classes = (dict(attrs).get("class") or "").split()
        if tag == "mark" and "item" in classes:
            self.items.append(dict(attrs).get("data-i") or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def _parse(page: str) -> _Tags:
    tags = _Tags()
    tags.feed(page)
    return tags


def test_every_item_is_highlighted_once_and_tags_nest() -> None:
    report = _report()
    page = render_review_page(report, TEXT)
    tags = _parse(page)
    assert tags.errors == [] and tags.stack == []
    assert sorted(tags.items, key=int) == [str(i) for i in range(6)]
    assert 'class="item-cont' in page  # the crossing span was split, its first piece counted once


def test_document_text_is_escaped() -> None:
    page = render_review_page(_report(), TEXT)
    assert INJECTED not in page and "<script>document.title" not in page
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in page
    assert "<b>粮食产量</b>" not in page and "&lt;b&gt;粮食产量&lt;/b&gt;" in page
    assert len(re.findall(r"<script>", page)) == 1  # the page's own script only


def test_ungrounded_items_without_a_place_are_listed_above_the_text() -> None:
    page = render_review_page(_report(), TEXT)
    unplaced = page[page.index('class="unplaced"') : page.index('id="text"')]
    assert "粮食产量300亿斤&lt;script&gt;" in unplaced and "quote not found" in unplaced


def test_uncovered_numbers_are_marked_only_in_review_and_plan() -> None:
    report = _report()
    found = [t for _, _, t in uncovered_numbers(report, TEXT)]
    # 引进项目15个 has no item, 1.2万人 lies outside the crossing item's quote; the
    # glossary's "1." is not checked.
    assert found == ["15个", "1.2万人"]
    assert '<span class="uncovered" title="number not covered by any item: 15个">15个' in (
        render_review_page(report, TEXT)
    )


def test_mark_up_reopens_crossed_spans() -> None:
    def tag(name: str) -> Span:
        return Span(0, 0, lambda first: f"<{name}{'' if first else '-cont'}>", f"</{name}>")

    a = Span(0, 4, tag("a").open_tag, "</a>")
    b = Span(2, 6, tag("b").open_tag, "</b>")
    assert mark_up("012345<", [a, b]) == "<a>01<b>23</b></a><b-cont>45</b>&lt;"
    assert mark_up("abc", [], {1: "<i></i>"}) == "a<i></i>bc"


def test_pages_without_text_still_list_every_item(tmp_path: Path) -> None:
    report = _report()
    report.source = str(tmp_path / "gone.txt")
    (page, index) = write_review_pages([report], tmp_path)
    html = page.read_text(encoding="utf-8")
    assert "could not be read again" in html
    assert len(_parse(html).items) == 6
    assert 'href="fiction-2025.html"' in index.read_text(encoding="utf-8")


def test_run_directory_html(tmp_path: Path) -> None:
    (tmp_path / "fiction-2025.json").write_text(_report().model_dump_json(), encoding="utf-8")
    written = write_run_outputs(tmp_path, "html")
    assert [p.name for p in written] == ["fiction-2025.html", "index.html"]


@pytest.mark.browser
@needs_chromium
def test_page_in_headless_chromium(tmp_path: Path) -> None:
    report = _report()
    (page, _index) = write_review_pages([report], tmp_path, texts={report.doc_id: TEXT})
    dom = dump_dom(page)
    marks = re.findall(r'<mark class="item [^"]*" id="item-(\d+)"', dom)
    assert len(marks) == 6 == len(report.targets) + len(report.results) + len(report.glossary)
    assert 'data-highlights="6"' in dom  # counted by the page's own script, after it ran
    title = re.search(r"<title>(.*?)</title>", dom)
    assert title and title.group(1) == "govx review: fiction-2025"  # injected code never ran
    shot = screenshot(page, tmp_path / "review.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_restated_quote_covers_its_second_place() -> None:
    from extract.coverage import uncovered_numbers as find_uncovered

    text = "二、2025年工作安排\n增长5%左右。重申：增长5%左右。另有新增3家。"
    plan = Section(
        index=0, heading="二、", role=SectionRole.plan, year=2025, start=0, end=len(text)
    )
    target = Target(
        indicator="地区生产总值",
        measure=Measure.growth,
        value=5,
        unit="%",
        quote="增长5%左右",
        start=12,
        end=18,
    )
    total, missed = find_uncovered(text, [plan], [target])
    assert [m.text for m in missed] == ["3家"]
    assert total == 3
