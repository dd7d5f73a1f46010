"""Grounding: quotes located exactly or after squashing, numbers checked, items never dropped."""

from __future__ import annotations

from extract.grounding import ground, grounding_problem, locate_quote, squash
from schemas.items import GlossaryTerm, Grounding, Measure, Result
from schemas.report import Section, SectionRole

TEXT = "一、回顾\n預計完成地區生產總值447.1億元,同比增长4.2%左右。\n二、计划\n新增就业2200人。"


def result(quote: str, value: float | None = 447.1) -> Result:
    return Result(
        indicator="地区生产总值", measure=Measure.level, value=value, unit="亿元", quote=quote
    )


def section(start: int = 0, end: int | None = None) -> Section:
    end = len(TEXT) if end is None else end
    return Section(index=3, heading="回顾", role=SectionRole.review, start=start, end=end)


def test_exact_quote() -> None:
    at = TEXT.index("同比")
    assert locate_quote("同比增长4.2%左右", TEXT) == (at, at + 10, Grounding.exact)


def test_fuzzy_quote_maps_back_to_the_original_span() -> None:
    found = locate_quote("地区生产总值447.1亿元", TEXT)
    assert found is not None
    start, end, how = found
    assert how is Grounding.fuzzy
    assert TEXT[start:end] == "地區生產總值447.1億元"


def test_pinyin_notes_and_spaces_do_not_block_a_match() -> None:
    text = "潯陽區(qū)新增 5 家"
    found = locate_quote("浔阳区新增5家", text)
    assert found is not None and text[found[0] : found[1]] == text
    assert squash(text) == "浔阳区新增5家"


def test_missing_quote() -> None:
    assert locate_quote("地区生产总值500亿元", TEXT) is None
    assert locate_quote("", TEXT) is None


def test_problem_names_the_missing_number() -> None:
    assert grounding_problem(result("地區生產總值447.1億元"), TEXT) is None
    problem = grounding_problem(result("地區生產總值447.1億元", value=44.7), TEXT)
    assert problem is not None and "44.7 is not written" in problem
    assert "not in the section text" in (grounding_problem(result("没有的句子"), TEXT) or "")


def test_ground_sets_whole_text_offsets() -> None:
    start = TEXT.index("二、")
    item = Result(
        indicator="新增就业", measure=Measure.level, value=2200, unit="人", quote="新增就业2200人"
    )
    grounded = ground(item, TEXT, section(start))
    assert grounded.grounding is Grounding.exact and grounded.section == 3
    assert grounded.start is not None and grounded.end is not None
    assert TEXT[grounded.start : grounded.end] == "新增就业2200人"
    assert item.grounding is None  # a copy: the input is untouched


def test_ungrounded_items_are_kept_with_a_reason() -> None:
    grounded = ground(result("地區生產總值447.1億元", value=500), TEXT, section())
    assert grounded.grounding is Grounding.ungrounded
    assert grounded.grounding_reason and "500" in grounded.grounding_reason
    assert grounded.start is not None  # the quote itself was found
    lost = ground(result("不存在"), TEXT, section())
    assert lost.grounding is Grounding.ungrounded and lost.start is None


def test_glossary_terms_are_grounded_on_the_quote() -> None:
    term = GlossaryTerm(term="KPL", number=1, definition="即联赛。", quote="新增就业2200人")
    assert ground(term, TEXT, section()).grounding is Grounding.exact


def test_a_quote_written_twice_keeps_the_place_it_was_read_at() -> None:
    text = "新建学校3所,改扩建医院3所。"
    second = text.rindex("3所")
    item = Result(
        indicator="改扩建医院", measure=Measure.level, value=3, unit="所", quote="3所"
    ).model_copy(update={"start": second, "end": second + 2})
    grounded = ground(
        item, text, Section(index=0, heading="", role=SectionRole.review, start=0, end=len(text))
    )
    assert (grounded.start, grounded.end, grounded.grounding) == (
        second,
        second + 2,
        Grounding.exact,
    )
    # a span that no longer holds the quote is searched for, as an LLM item's is
    moved = item.model_copy(update={"start": 0, "end": 2})
    assert ground(moved, text, section()).start == text.index("3所")
