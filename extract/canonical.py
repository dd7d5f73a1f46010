"""Canonical codes (GOLD.md) for indicators, from the names reports actually use.

Panels compare regions on `gdp` or `retail_sales`, whatever a report calls them
(GDP, 生产总值, 社零, 规上工业增加值). Shares of a quantity are not the quantity:
`民营经济占地区生产总值比重` gets no code, `rnd_share` aside, which *is* a share.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Exact names (after the region prefix and a trailing 涨幅/指数… are taken off).
_NAMES: dict[str, tuple[str, ...]] = {
    "gdp": ("地区生产总值", "生产总值", "GDP", "地区GDP", "经济增长", "经济总量", "城市经济规模"),
    "gdp_per_capita": ("人均地区生产总值", "人均生产总值", "人均GDP"),
    "industry_va": ("规模以上工业增加值", "规上工业增加值", "规模工业增加值"),
    "fixed_investment": ("固定资产投资", "固投"),
    "retail_sales": ("社会消费品零售总额", "社零", "社零额", "社会消费品零售额"),
    "budget_revenue": (
        "一般公共预算收入",
        "财政一般预算收入",
        "公共财政预算收入",
        "财政收入",
        "一般预算收入",
    ),
    "budget_expenditure": ("一般公共预算支出", "公共财政预算支出", "财政一般预算支出"),
    "tax_revenue": ("税收收入",),
    "fiscal_revenue": ("财政总收入", "公共财政收入"),
    "fdi": (
        "实际使用外资",
        "实际利用外资",
        "实际使用外商直接投资",
        "实际使用外商直接投资额",
        "实际使用外资金额",
        "实际利用外资金额",
    ),
    "trade": (
        "进出口总额",
        "进出口",
        "外贸进出口",
        "外贸进出口总额",
        "货物贸易进出口总额",
        "进出口总值",  # 总值 and 额 are the same sum, in customs' words and in reports'
        "外贸进出口总值",
        "进出口额",
        "外贸进出口额",
        "进出口贸易总额",
        "货物进出口总额",
        "货物进出口",
    ),
    "exports": ("出口总额", "出口", "外贸出口", "外贸出口总额", "商品出口总值", "出口总值"),
    "urban_income": ("城镇居民人均可支配收入", "城镇居民收入", "城镇常住居民人均可支配收入"),
    "rural_income": (
        "农村居民人均可支配收入",
        "农村居民收入",
        "农民人均可支配收入",
        "农村常住居民人均可支配收入",
    ),
    "income": (
        "居民人均可支配收入",
        "城乡居民人均可支配收入",
        "居民收入",
        "人均可支配收入",
        "城乡居民收入",  # both together: the residents' income (urban and rural are named)
        "居民可支配收入",
    ),
    "cpi": ("居民消费价格", "居民消费价格指数", "消费价格", "CPI"),
    "new_urban_jobs": ("城镇新增就业", "新增城镇就业", "新增就业", "城镇新增就业人数"),
    "unemployment": ("城镇调查失业率", "城镇登记失业率", "调查失业率", "登记失业率", "失业率"),
    "energy_intensity": (
        "单位生产总值能耗",
        "单位GDP能耗",
        "能耗强度",
        "单位地区生产总值能耗",
        "单位生产总值能源消耗",
        "单位地区生产总值能源消耗",
        "万元地区生产总值能耗",
        "万元GDP能耗",
    ),
    "service_va": ("服务业增加值", "第三产业增加值"),
    "rnd_share": ("研发经费投入强度", "研发投入强度", "R&D经费投入强度"),
    "high_tech_va": (
        "高新技术产业增加值",
        "高新技术产业产值",
        "高技术制造业增加值",
        "高技术产业增加值",
        "规上高技术制造业增加值",  # high-tech statistics count above-scale firms anyway
        "规模以上高技术制造业增加值",
    ),
}
_LOOKUP = {name: code for code, names in _NAMES.items() for name in names}
# Who or where is counted, not what: 全市生产总值 is 生产总值.
_PREFIX = re.compile(
    r"^(?:全市|全县|全区|全省|全州|全盟|全旗|全疆|全岛|全域|全自治区|本市|本区|本县|全社会|地方|辖区|全体|全年|"
    r"其中|地区)+"
)
# What a name may add after the quantity: a rate of it (涨幅, 上涨幅度), the basis it is
# measured on (同口径) or a yearly mean (城镇调查失业率平均值), none of which changes it.
_SUFFIX = re.compile(
    r"(?:(?:上涨|增长)?幅度|涨幅|增幅|增速|增长|指数|总水平|总量|人数|现汇|规模|同口径|可比口径|"
    r"平均值|均值)+$"
)
_RND_SHARE = re.compile(
    r"^(?:全社会)?(?:研发|R&D|研究与试验发展)(?:经费)?(?:投入|支出)?"
    r"(?:强度|比重|占(?:地区|全市|全省)?(?:生产总值|GDP)(?:的)?(?:比重|比例)"
    r"|相当于(?:地区|全市|全省|本市)?(?:生产总值|GDP)的?(?:比重|比例))$"
)
_SHARE = re.compile(r"占|比重|比例|占比|比率")


@lru_cache(maxsize=4096)
def canonical_code(indicator: str) -> str | None:
    """The GOLD.md code of an indicator as written, or None when it is none of them."""
    name = re.sub(r"[“”\"'‘’\s]", "", indicator)
    name = _PREFIX.sub("", name)
    if _RND_SHARE.match(name):
        return "rnd_share"
    if _SHARE.search(name):
        return None
    if name in _LOOKUP:
        return _LOOKUP[name]
    trimmed = _SUFFIX.sub("", name)
    return _LOOKUP.get(trimmed) or _LOOKUP.get(_PREFIX.sub("", trimmed))


@lru_cache(maxsize=4096)
def normalize_indicator(indicator: str) -> str:
    """A comparable spelling: the canonical name when there is one (规上 -> 规模以上…)."""
    code = canonical_code(indicator)
    if code is not None:
        return _NAMES[code][0]
    return indicator.replace("规上", "规模以上").replace("GDP", "地区生产总值")
