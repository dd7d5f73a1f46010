"""Targets and results from the sentences of a review or plan section.

Every quantity the number parser finds is a candidate; it becomes an item when it is
not a describing number (`10亿元以上项目`, `总规模1000亿元的基金`), with the indicator
read around it. Whether it is a target or a result follows the sentence's period.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from extract.canonical import canonical_code
from extract.cn_numerals import CN_NUMERAL_CHARS
from extract.numbers import NumberMention, find_numbers
from extract.rules import hearsay, naming, periods
from extract.rules import indicators as ind
from extract.rules.naming import Figure
from extract.rules.text import clause_start, is_cjk, sentences, sentences_holding
from schemas.items import Grounding, Measure, Result, Target

_T = TypeVar("_T", Target, Result)
_PRE_WORDS = "约近接超过突破逾不低少高于控制在大"
# Units after which a Chinese numeral is a count in the corpus's genre, not a label.
_CN_COUNT_UNITS = frozenset({"家", "座", "所", "组", "番", "倍", "周", "个工作日", "成"})
_FIVE_YEAR_OPENING = re.compile(
    r"[ \t\u3000]*(?:五年来|过去五年|这五年|本届政府|“?十[一二三四五]五”?(?:时期|期间|以来))"
)
# A paragraph of a multi-year review that turns to one year: `刚刚过去的2025年，…`.
_ONE_YEAR_OPENING = re.compile(
    r"[ \t\u3000]*(?:(?:刚刚过去的|过去的)?((?:19|20)[0-9]{2})年(?:[，,]|是|以来)|(过去一年))"
)
_INDICATORS_MET = re.compile(r"指标(?:全部|基本|全面|均|已|顺利)*(?:完成|实现|达到)")
# A sentence about a plan period (`“十二五”确定的9项约束性指标全部完成，…`): no one year.
_FIVE_YEAR_TOPIC = re.compile(r"\s*“?十[一二三四五六]五”?(?!规划)")
# A ratio of the three sectors: exactly three parts.
_RATIO = re.compile(r"[0-9.]+[:：∶][0-9.]+[:：∶][0-9.]+(?![0-9.]|[:：∶][0-9])")
_RATIO_SEP = re.compile("[:：∶]")
_SECTORS = ("第一产业", "第二产业", "第三产业")
_SECTOR_NAMED = re.compile(r"\(第[一二三]产业\)$")
_BASELINE = re.compile(r"(?:由|从)(?:过去)?(?:((?:19|20)[0-9]{2})年(?:底|末)?(?:的)?)?$")


@dataclass(frozen=True)
class SectionContext:
    """What a section tells about every figure in it."""

    text: str
    offset: int  # where the section starts in the whole text
    role: str  # review, plan or other
    year: int | None  # the section's year (reviewed or planned)
    report_year: int | None
    five_year: bool  # a review or plan of a five-year period: figures take no year by default
    main_spans: list[tuple[int, int]] = field(default_factory=list)
    skip_spans: list[tuple[int, int]] = field(default_factory=list)
    line_ends: list[int] = field(default_factory=list)  # offsets of "\n", for paragraph starts
    section: int | None = None  # the section's index: every item's provenance
    region_forms: tuple[str, ...] = ()  # the report's own region as written (深圳市, 深圳)

    def paragraph_start(self, at: int) -> int:
        i = bisect_left(self.line_ends, at)
        return self.line_ends[i - 1] + 1 if i else 0

    def in_headline(self, at: int) -> bool:
        """Whether `at` is inside the 主要预期目标 list (most sections have none)."""
        return bool(self.main_spans) and any(s <= at < e for s, e in self.main_spans)


def extract_figures(ctx: SectionContext) -> tuple[list[Target], list[Result]]:
    targets: list[Target] = []
    results: list[Result] = []
    estimates_from = periods.covers_rest_as_estimates(ctx.text)
    period = "plan" if ctx.role == "plan" else "review"
    turned: int | None = None
    mentions = find_numbers(ctx.text)  # once per section: the parser reads text, not sentences
    starts = [m.start for m in mentions]
    for start, end in _read_sentences(ctx, starts):
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        turned_here = turned is not None and turned >= ctx.paragraph_start(start)
        if lo == hi and ctx.role != "other":
            # nothing to read here; a plan paragraph may still turn to the past
            if (
                ctx.role == "plan"
                and not turned_here
                and periods.turns_to_review(ctx.text, start, end)
            ):
                turned = start
            continue
        if ctx.skip_spans and any(s <= start < e for s, e in ctx.skip_spans):
            continue
        if ctx.role == "plan" and turned_here:
            period = "review"  # a review paragraph inside a plan section (news retell both)
        else:
            sentence = ctx.text[start:end]
            period = periods.sentence_period(sentence, ctx.role, period)
            turned = start if ctx.role == "plan" and period == "review" else None
            if period == "plan" and (
                periods.speaks_of_a_past_year(sentence, ctx.year)
                or periods.states_how_things_stand(sentence)
            ):
                period = "review"  # this sentence only: the next may be the plan again
        inside = mentions[lo:hi]
        for figure in _figures(ctx.text, start, end, [m for m in inside if m.end <= end]):
            if period == "plan" or ctx.in_headline(figure.mention.start):
                targets.append(_target(ctx, figure, start))
            else:
                estimated = estimates_from is not None and estimates_from < figure.mention.start
                results.append(_result(ctx, figure, start, estimated))
    return _dedup(targets), _dedup(results)


def _read_sentences(ctx: SectionContext, starts: list[int]) -> Iterator[tuple[int, int]]:
    """The sentences extract_figures must see (`starts`: where its numbers begin).

    A sentence without a number changes nothing in a review, nor in a plan unless it
    turns to the past (去年…): those are skipped, not walked one by one. Other sections
    carry their period across every sentence."""
    if ctx.role == "review":
        return sentences_holding(ctx.text, starts)
    if ctx.role == "plan":
        return sentences_holding(ctx.text, sorted(starts + periods.review_turns(ctx.text)))
    return sentences(ctx.text)


def _figures(text: str, start: int, end: int, mentions: list[NumberMention]) -> list[Figure]:
    """The figures of one sentence text[start:end] holding `mentions` (offsets in `text`)."""
    out: list[Figure] = []
    consumed = -1
    k = 0
    floor = after = start  # `after`: the end of the last mention not describing a name
    # where others are cited (an IMF forecast, a pundit's view) or a figure only guessed
    # at, those figures are not the region's; searched once here, per number only in the
    # rare sentence that has one
    others = hearsay.others_speak(text, start, end)
    guesses = hearsay.guessed(text, start, end)
    while k < len(mentions):
        m = mentions[k]
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if ind.is_modifier(text, m) or _describes_next(text, m, nxt):
            k += 1  # an amount saying which things are counted: part of the next name
            continue
        floor, after = after, m.end
        if m.start < consumed or not _counted(text, m):
            k += 1
            continue
        if others and hearsay.others_speak(text, start, m.start):
            break
        if guesses and hearsay.guessed(text, clause_start(text, m.start, start), m.start):
            k += 1
            continue
        chain = naming.chain(text, mentions, k)
        shared = naming.respectively(text, chain, max(floor, start), out)
        if shared:
            out.extend(shared)
            k += len(chain)
            after = chain[-1].end
            continue
        ceiling = nxt.start if nxt is not None else end
        named, consumed_to = naming.name_figures(text, m, floor, ceiling, out)
        out += [_ratio_part(text, f) for f in named if not _counts_the_report(text, f)]
        consumed = max(consumed, consumed_to)
        k += 1
    return [f for f in out if not f.label]


def _describes_next(text: str, m: NumberMention, nxt: NumberMention | None) -> bool:
    """`新增产值30亿元企业1家`, `新增500万元村3个`: the amount says which things are counted."""
    if nxt is None or not ind.is_amount(m.unit) or nxt.unit not in ind.COUNT_UNITS:
        return False
    gap = text[m.end : nxt.start]
    return bool(gap) and len(gap) <= 12 and all(is_cjk(c) or c in "“”()（）" for c in gap)


def _ratio_part(text: str, figure: Figure) -> Figure:
    """`三次产业结构为9.7:47.3:43`: each part names its sector (GOLD.md: one item a part)."""
    m = figure.mention
    if m.unit or "产业" not in figure.indicator:
        return figure
    first = _ratio_start(text, m)
    ratio = _RATIO.match(text, first)
    if ratio is None:
        return figure
    index = len(_RATIO_SEP.findall(text, first, m.start))
    whole = _SECTOR_NAMED.sub("", figure.indicator)  # a later part takes the one before's name
    return figure._replace(indicator=f"{whole}({_SECTORS[index]})")


def _counts_the_report(text: str, figure: Figure) -> bool:
    """`28个主要指标`, `约束性指标8个`: counts of the report's own parts (GOLD.md);
    but `9项约束性指标全部完成` is an achievement."""
    if not figure.indicator.endswith("指标") or figure.mention.unit not in ("个", "项"):
        return False
    after = text[figure.mention.end : figure.mention.end + len(figure.indicator) + 6]
    return _INDICATORS_MET.search(after) is None


def _counted(text: str, m: NumberMention) -> bool:
    """Chinese-numeral counts are mostly labels (`十项`, `两个维度`, `劣五类`); few units count."""
    if m.text.lstrip(_PRE_WORDS)[:1] not in CN_NUMERAL_CHARS:
        return True
    return m.unit in _CN_COUNT_UNITS or m.unit[:1] in ("万", "亿")


def _measure(figure: Figure) -> Measure:
    return Measure.growth if figure.growth else Measure.level


def _target(ctx: SectionContext, figure: Figure, sentence_start: int) -> Target:
    m = figure.mention
    before = ctx.text[sentence_start : m.start]
    year = periods.explicit_year(before, ctx.report_year)
    if ctx.five_year:  # a five-year plan's goal: only a coming year the text gives (到2030年)
        past = year is not None and ctx.report_year is not None and year < ctx.report_year
        year = None if past else year
    elif year is None or (ctx.year is not None and year < ctx.year):
        year = ctx.year if ctx.year is not None else ctx.report_year
    if figure.growth and periods.yearly_average(ctx.text[figure.quote_start : m.start]):
        year = None  # 年均增长 over a plan period: no single year (GOLD.md)
    main = ctx.in_headline(m.start)
    return Target.model_validate(_fields(ctx, figure, year=year, main=main))


def _result(ctx: SectionContext, figure: Figure, sentence_start: int, estimated: bool) -> Result:
    m = figure.mention
    first = _ratio_start(ctx.text, m) if m.unit == "" else m.start
    baseline = _BASELINE.search(ctx.text[max(sentence_start, first - 12) : first])
    if baseline:
        year = int(baseline.group(1)) if baseline.group(1) else None
        return Result.model_validate(_fields(ctx, figure, year=year, estimated=False))
    full = ctx.text[_full_sentence_start(ctx.text, m.start) : m.start]
    year = periods.explicit_year(full, ctx.report_year)
    clause = ctx.text[clause_start(ctx.text, m.start, sentence_start) : m.start]
    since = clause if year is None else full[full.rfind(str(year)) :]
    five_year = year is None and _FIVE_YEAR_TOPIC.match(full) is not None
    if (
        five_year
        or periods.multi_year(since, ctx.year, False)
        or (figure.growth and periods.multi_year(clause, ctx.year, True))
    ):
        year = None
    elif year is None and not periods.speaks_of_now(full):
        year = _unstated_year(ctx, m.start)
    estimated = estimated or periods.is_estimated(full)
    return Result.model_validate(_fields(ctx, figure, year=year, estimated=estimated))


def _unstated_year(ctx: SectionContext, at: int) -> int | None:
    """The year of a figure whose sentence names none: its paragraph's, else the section's."""
    paragraph = ctx.paragraph_start(at)  # found once for both openings
    year = _paragraph_year(ctx, paragraph)
    if year is None and not (ctx.five_year or _five_year_paragraph(ctx, paragraph, at)):
        year = ctx.year if ctx.year is not None else _reviewed(ctx.report_year)
        if ctx.role == "plan" and year is not None:
            year -= 1  # a plan section's past is the year before the plan's
    return year


def _paragraph_year(ctx: SectionContext, paragraph: int) -> int | None:
    """The one year a paragraph opens with (`刚刚过去的2025年，`, `过去一年`), if any."""
    opening = _ONE_YEAR_OPENING.match(ctx.text, paragraph)
    if opening is None:
        return None
    if opening.group(2):
        return _reviewed(ctx.report_year)
    year = int(opening.group(1))
    return year if ctx.report_year is None or year < ctx.report_year else None


def _five_year_paragraph(ctx: SectionContext, paragraph: int, at: int) -> bool:
    """A paragraph opening with 五年来 / “十四五”时期 reviews five years: no single year."""
    start = max(paragraph, at - 1999)  # at most 2000 characters back
    return bool(_FIVE_YEAR_OPENING.match(ctx.text, start))


def _ratio_start(text: str, m: NumberMention) -> int:
    """Where the ratio holding a unitless part begins (`由8.7∶41.2∶50.1`: the 8)."""
    i = m.start
    while i > 0 and (text[i - 1].isdigit() or text[i - 1] in ".:：∶"):
        i -= 1
    return i


def _full_sentence_start(text: str, at: int) -> int:
    """Start of the sentence up to 。 (a ；-list shares its 预计 and its year)."""
    # not at line breaks: some sources wrap lines inside sentences
    low = max(0, at - 300)  # bounded: an unbounded rfind per figure is quadratic per section
    return max(text.rfind("。", low, at), text.rfind("！", low, at), low - 1) + 1


def _reviewed(report_year: int | None) -> int | None:
    return report_year - 1 if report_year is not None else None


def _without_region(ctx: SectionContext, indicator: str) -> str:
    """`深圳GDP`, `深圳2022年规模以上工业增加值`: the report's own region names no
    indicator (news pages name it before every figure), like 全市 before it. Only before
    a known indicator or a year: elsewhere it starts a name (上海港, 北京证券交易所)."""
    for form in ctx.region_forms:
        if indicator.startswith(form):
            cut, rest = ind.strip_head(indicator[len(form) :])
            if len(rest) >= 2 and (cut or canonical_code(rest)):
                return rest
    return indicator


def _fields(ctx: SectionContext, figure: Figure, **kind: object) -> dict[str, Any]:
    """The fields of the figure's item; `kind`: those of a Target or a Result (year, …)."""
    m = figure.mention
    end = max(m.end, figure.quote_end)
    indicator = _without_region(ctx, figure.indicator) if ctx.region_forms else figure.indicator
    return {
        "indicator": indicator,
        "canonical": canonical_code(indicator),
        "measure": _measure(figure),
        "value": m.value,
        "value_max": m.value_max,
        "unit": m.unit,
        "qualifier": m.qualifier,
        "quote": ctx.text[figure.quote_start : end],
        "start": ctx.offset + figure.quote_start,
        "end": ctx.offset + end,
        # a quote is a span of the text, so an item is born as grounding finds it, and
        # ground() (which still checks it) keeps it without a copy
        "section": ctx.section,
        "grounding": Grounding.exact,
        **kind,  # one dict per item, not a merged copy
    }


def _dedup(items: list[_T]) -> list[_T]:
    """A figure stated twice (a headline repeating a main target) is one item."""
    seen: dict[tuple[object, ...], int] = {}
    out: list[_T] = []
    for item in items:
        key = (
            item.canonical or item.indicator,
            item.measure,
            item.value,
            item.value_max,
            item.unit,
        )
        if key in seen:
            if getattr(item, "main", False) and not getattr(out[seen[key]], "main", False):
                out[seen[key]] = item
            continue
        seen[key] = len(out)
        out.append(item)
    return out
