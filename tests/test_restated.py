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
