"""Which period a sentence speaks of, the year a figure is for, and whether it is estimated.

A section's role (review/plan) says which period most sentences speak of; news pages
and short reports mix both, so explicit words in the sentence win over the role.
"""

from __future__ import annotations

import re

_PLAN_CUES = re.compile(
    r"主要预期目标|预期目标|主要目标|力争|确保|争取|计划|将(?:重点|继续|着力|加快|实施|推动|新增|建设)|"
    r"今年(?:要|将|的|经济社会|全市|全区|全县|全省|工作)|目标是|目标为|明年"
)
_REVIEW_CUES = re.compile(
    r"过去一年|过去五年|去年|上一年|比上年|较上年|同比|一年来|五年来|预计全年|预计完成|"
    r"全年(?:实现|完成|新增|共)|已(?:经)?|累计完成|顺利完成|圆满完成|获批|获评|入选|荣获"
)
_STRONG_PLAN = re.compile(r"主要预期目标|预期目标是|目标是|今年(?:要|将|力争|计划)|明年|力争")
_STRONG_REVIEW = re.compile(
    r"过去一年|去年|上年|一年来|过去五年|五年来|预计全年|回顾(?:了)?(?:过去|去年|(?:19|20)[0-9]{2}年)"
)
# A sentence stating how things stand or what was reached for the first time reports a
# fact (`目前制造业比重依然在35%以上`, `GDP首次超过三万亿`); only this sentence, not the
# paragraph after it, and not where the plan sets it as a goal (力争首次突破).
_NOW = re.compile(r"\s*(?:目前|当前|截至目前)")
_STANDS = re.compile("^" + _NOW.pattern + r"|首次(?:突破|超过|达到|低于)")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年(?!代)")
# A year that opens what the sentence reports (not 比2020年, not 到2025年).
_PAST_YEAR = re.compile(
    r"^[^，,比较到至由从与]{0,8}((?:19|20)[0-9]{2})年(?:全年|年底|年末|以来|[，,]|完成|实现|共|"
    r"全市|全区|全省|全县|我市|我区|我省|我县)"
)
_TO_YEAR = re.compile(r"到((?:19|20)[0-9]{2})年")
_BASE_YEAR = re.compile(r"(?:较|比|相比|与|是)((?:19|20)[0-9]{2})年(?!是)")
# ... and milestones passed one after another (连跨5万亿元、6万亿元), each in its own year.
_SEVERAL_YEARS = re.compile(
    r"五年|十三五|十四五|十二五|连续[0-9]+年|连跨|连续(?:跨越|跨过|迈上)|接连"
)
_YEARLY_AVERAGE = re.compile(r"年均(?:增长|增速|提高|下降)")
_ESTIMATE = re.compile(r"预计|预期(?:实现|完成|增长|达到)")
_ESTIMATE_ALL = re.compile(r"预计[(（]下同[)）]|[(（]下同[)）]|以下(?:数据)?为预计数")


def sentence_period(sentence: str, role: str, carried: str) -> str:
    """'plan' or 'review' for a sentence of a section with `role`.

    In a review or plan section only a strong word turns a sentence the other way
    (review prose says 积极争取, plan prose says 完成); elsewhere any cue counts and a
    sentence without one speaks of the same period as the one before it (`carried`).
    """
    if role == "review":
        return "plan" if _STRONG_PLAN.search(sentence) else "review"
    if role == "plan":
        return "review" if _STRONG_REVIEW.search(sentence) else "plan"
    plan = _PLAN_CUES.search(sentence)
    review = _REVIEW_CUES.search(sentence)
    if plan and review:
        return "plan" if plan.start() < review.start() else "review"
    return "plan" if plan else "review" if review else carried


def speaks_of_a_past_year(sentence: str, plan_year: int | None) -> bool:
    """`深圳2021年全年地区生产总值3.07万亿元` in a 2022 plan: a past year's outturn."""
    if plan_year is None or "年" not in sentence:
        return False
    found = _PAST_YEAR.search(sentence)
    return found is not None and int(found.group(1)) < plan_year


def states_how_things_stand(sentence: str) -> bool:
    """`目前…比重依然在35%以上`, `GDP首次超过三万亿` in a plan: a fact, not a goal."""
    return _STANDS.search(sentence) is not None and _STRONG_PLAN.search(sentence) is None


def speaks_of_now(sentence: str) -> bool:
    """`目前…比重依然在35%以上`: how things stand when written, no reviewed year fixed."""
    return _NOW.match(sentence) is not None


def turns_to_review(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], in a plan section, speaks of the past (去年, 过去一年…)."""
    return _STRONG_REVIEW.search(text, start, end) is not None


def review_turns(text: str) -> list[int]:
    """Where `text` says a word turns_to_review finds: a sentence holds one if it starts there
    (the words hold no sentence end, so none runs across two sentences)."""
    return [found.start() for found in _STRONG_REVIEW.finditer(text)]


def explicit_year(before: str, report_year: int | None) -> int | None:
    """A year the text fixes for the figure (`2020年全市实现…`, `到2025年`), if any."""
    if "年" not in before:
        return None
    to = _TO_YEAR.findall(before)
    if to:
        return int(to[-1])
    years = [m for m in _YEAR.finditer(before) if not _is_base(before, m.start())]
    if not years:
        return None
    year = int(years[-1].group(1))
    if report_year is not None and not report_year - 6 <= year <= report_year + 6:
        return None
    return year


def _is_base(text: str, at: int) -> bool:
    return text[max(0, at - 2) : at].endswith(("较", "比", "由", "从", "与", "于", "是"))


def multi_year(before: str, section_year: int | None, growth: bool) -> bool:
    """Five-year totals and 年均 over several years take no year (GOLD.md).

    A base year (`较2015年分别增长`) and 年均 only make a growth rate multi-year.
    """
    if _SEVERAL_YEARS.search(before):
        return True
    if not growth:
        return False
    base = _BASE_YEAR.findall(before)
    if base:
        return section_year is None or int(base[-1]) < section_year - 1
    return yearly_average(before)


def yearly_average(before: str) -> bool:
    return bool(_YEARLY_AVERAGE.search(before))


def is_estimated(before: str) -> bool:
    """预计 anywhere earlier in the full sentence (up to 。): `预计2023年,GDP…;规模工业…`."""
    return bool(_ESTIMATE.search(before[before.rfind("。") + 1 :]))


def covers_rest_as_estimates(text: str) -> int | None:
    """Offset of an `预计(下同)` note: every later figure of the part is an estimate."""
    if "下同" not in text and "预计数" not in text:
        return None  # rare; a substring test skips what the regex would crawl through
    found = _ESTIMATE_ALL.search(text)
    return found.start() if found else None
