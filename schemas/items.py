"""Targets, results and glossary terms, in the words of GOLD.md.

The field descriptions are written for the model: they become the JSON schema it
sees. Provenance fields (section, start, end, grounding) are filled by govx, not
by the model, and are excluded from the model-facing schema (see extract.llm).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

CANONICAL_CODES: dict[str, str] = {
    "gdp": "地区生产总值/GDP",
    "gdp_per_capita": "人均地区生产总值",
    "industry_va": "规模以上工业增加值",
    "fixed_investment": "固定资产投资",
    "retail_sales": "社会消费品零售总额",
    "budget_revenue": "一般公共预算收入",
    "budget_expenditure": "一般公共预算支出",
    "tax_revenue": "税收收入",
    "fiscal_revenue": "财政总收入",
    "fdi": "实际使用外资",
    "trade": "进出口总额",
    "exports": "出口总额",
    "urban_income": "城镇居民人均可支配收入",
    "rural_income": "农村居民人均可支配收入",
    "income": "居民人均可支配收入",
    "cpi": "居民消费价格",
    "new_urban_jobs": "城镇新增就业",
    "unemployment": "城镇(调查/登记)失业率",
    "energy_intensity": "单位GDP能耗",
    "rnd_share": "研发经费投入强度/R&D比重",
    "service_va": "服务业增加值",
    "high_tech_va": "高新技术产业产值或增加值",
}


class Measure(StrEnum):
    level = "level"
    growth = "growth"


class Qualifier(StrEnum):
    approx = "approx"
    at_least = "at_least"
    at_most = "at_most"
    exact = "exact"


class Grounding(StrEnum):
    exact = "exact"  # quote found verbatim and value written in it
    fuzzy = "fuzzy"  # quote found after squashing (NFKC, t2s, white space)
    ungrounded = "ungrounded"  # quote not found, or value not written in it


Provenance = Annotated[int | None, Field(default=None, json_schema_extra={"govx": "provenance"})]


class _Grounded(BaseModel):
    model_config = ConfigDict(extra="ignore", use_enum_values=False)

    section: Provenance = None
    start: Provenance = None
    end: Provenance = None
    grounding: Grounding | None = Field(
        default=None, description="Set by govx: how the quote was found in the text."
    )
    grounding_reason: str | None = Field(
        default=None, description="Set by govx: why an item is not grounded."
    )


class Item(_Grounded):
    """A quantified (or, for main targets, qualitative) figure of the report."""

    indicator: str = Field(
        description=(
            "What is measured, as the text names it, simplified Chinese, without verb or "
            "number: 地区生产总值, 规模以上工业增加值, 新增城镇就业. Keep 新增/新培育/累计 "
            "when they say what is counted; drop 完成/建成/实现."
        )
    )
    canonical: str | None = Field(
        default=None,
        description=(
            "Code when the indicator is one of: "
            + ", ".join(f"{k} {v}" for k, v in CANONICAL_CODES.items())
            + "; shares (X占比) are null except rnd_share; else null."
        ),
    )
    measure: Measure = Field(
        description=(
            "growth: a change against an earlier period (增长, 下降, 提高, 增幅, 同比); "
            "level: everything else (amounts, counts, shares, rates)."
        )
    )
    value: float | None = Field(
        description=(
            "The number as written, not rescaled (320亿元 -> 320, 1.3万人 -> 1.3); Chinese "
            "numerals read (三家 -> 3); a decline is negative (下降75% -> -75); null only "
            "for a target with no number."
        )
    )
    value_max: float | None = Field(
        default=None, description="Upper end of a range (4-5家 -> value 4, value_max 5), else null."
    )
    unit: str = Field(
        default="",
        description="Unit as written after the number: %, 亿元, 万人, 家, 个百分点; empty if none.",
    )
    qualifier: Qualifier = Field(
        default=Qualifier.exact,
        description=(
            "approx (左右, 约, 近, 上下); at_least (以上, 超, 超过, 突破, 不低于, 余, 多); "
            "at_most (以内, 以下, 不超过, 低于, 控制在X); exact otherwise."
        ),
    )
    year: int | None = Field(
        default=None,
        description=(
            "The year the figure is for (targets: target year; results: the year reviewed); "
            "null for multi-year totals or when the text does not fix it."
        ),
    )
    estimated: bool = Field(
        default=False,
        description=(
            "Results only: the figure is announced as an estimate (预计, 预期, 预计(下同))."
        ),
    )
    main: bool = Field(
        default=False,
        description="Targets only: the item belongs to the headline 主要预期目标 list.",
    )
    quote: str = Field(
        description=(
            "The shortest span of the text holding the indicator and the number, copied "
            "character for character."
        )
    )


class Target(Item):
    """A figure the government sets for a coming period."""


class Result(Item):
    """A figure achieved in the reviewed period."""


class GlossaryTerm(_Grounded):
    """An entry of a 名词解释 list or a footnote explanation behind a mark like 【9】."""

    term: str = Field(description="The term as written, without its number: KPL, “照亮”工程.")
    number: int | None = Field(
        default=None, description="Its number in the list or the footnote mark (【9】 -> 9)."
    )
    definition: str = Field(description="The whole explanation as written.")
    quote: str = Field(
        description="A span of the text holding the term and the start of its definition."
    )
