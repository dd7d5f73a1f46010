"""A figure stated twice is one item, kept where it is fullest (GOLD.md)."""

from __future__ import annotations

from extract.restated import merge_restated
from schemas.items import Measure, Qualifier, Target


def _gdp(quote: str, *, main: bool, value: float | None = 7.5) -> Target:
    return Target(
        indicator="地区生产总值",
        canonical="gdp",
        measure=Measure.growth,
        value=value,
        unit="%" if value is not None else "",
        qualifier=Qualifier.approx,
        year=2018,
        main=main,
        quote=quote,
    )


def test_a_headline_repeating_a_main_target_is_one_item_the_main_one() -> None:
    headline = _gdp("今年GDP预期增长7.5%左右", main=False)
    listed = _gdp("地区生产总值增长7.5%左右", main=True)
    assert merge_restated([headline, listed]) == [listed]


def test_different_figures_and_qualitative_targets_stay_apart() -> None:
    a = _gdp("地区生产总值增长7.5%左右", main=True)
    b = _gdp("地区生产总值增长8%左右", main=True, value=8)
    c = _gdp("地区生产总值稳步增长", main=True, value=None)
    d = _gdp("经济总量稳步增长", main=True, value=None)
    assert merge_restated([a, b, c, d]) == [a, b, c, d]


def test_one_number_shared_by_two_indicators_is_two_items() -> None:
    # both unemployment rates carry canonical "unemployment" and the same figure, but
    # they are one statement of two indicators, not a figure stated twice
    text = "城镇调查失业率和登记失业率均控制在5%以内"
    surveyed = Target(
        indicator="城镇调查失业率",
        canonical="unemployment",
        measure=Measure.level,
        value=5,
        unit="%",
        qualifier=Qualifier.at_most,
        year=2030,
        main=True,
        quote=text,
        start=0,
        end=len(text),
    )
    registered = surveyed.model_copy(
        update={"indicator": "城镇登记失业率", "quote": text[8:], "start": 8}
    )
    assert merge_restated([surveyed, registered]) == [surveyed, registered]
