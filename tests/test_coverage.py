"""Coverage of the text's numbers by items (extract.coverage): the likely misses."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.coverage import candidates, uncovered_numbers
from schemas.items import Measure, Result
from schemas.report import Section, SectionRole


def _sections(text: str) -> list[Section]:
    half = len(text) // 2
    return [
        Section(index=0, heading="回顾", role=SectionRole.review, year=2024, start=0, end=half),
        Section(
            index=1, heading="计划", role=SectionRole.plan, year=2025, start=half, end=len(text)
        ),
    ]


def _item(quote: str, start: int | None = None) -> Result:
    end = None if start is None else start + len(quote)
    return Result(
        indicator="x", measure=Measure.level, value=1.0, unit="%", quote=quote, start=start, end=end
    )


def test_a_quote_written_twice_covers_both_places() -> None:
    text = "全年增长5%，工业增长7%。\n重申：工业增长7%，投资增长9%。"
    first = text.index("工业增长7%")
    missed = uncovered_numbers(text, _sections(text), [_item("工业增长7%", first)])[1]
    assert [m.text for m in missed] == ["5%", "9%"]


def _naive_uncovered(text: str, sections: list[Section], items: list[Result]) -> list[str]:
    """The definition, searched the slow way: every place of every quote in the text."""
    spans = [(i.start, i.end) for i in items if i.start is not None and i.end is not None]
    for quote in {i.quote for i in items if i.quote}:
        spans += [(a, a + len(quote)) for a in range(len(text)) if text.startswith(quote, a)]
    return [
        t for a, b, t, _ in candidates(text, sections) if not any(s < b and a < e for s, e in spans)
    ]


_PIECES = st.sampled_from(["增长", "5%", "3.5%", "10亿元", "，", "。", "\n", "工业", "投资", "2"])


@settings(max_examples=300)
@given(
    pieces=st.lists(_PIECES, min_size=1, max_size=30),
    cuts=st.lists(st.tuples(st.integers(0, 200), st.integers(1, 8), st.booleans()), max_size=6),
)
def test_the_windowed_search_for_restated_quotes_misses_no_place(
    pieces: list[str], cuts: list[tuple[int, int, bool]]
) -> None:
    text = "".join(pieces)
    items = []
    for at, size, recorded in cuts:
        start = at % len(text)
        quote = text[start : start + size]
        items.append(_item(quote, start if recorded else None))
    sections = _sections(text)
    missed = uncovered_numbers(text, sections, items)[1]
    assert [m.text for m in missed] == _naive_uncovered(text, sections, items)
