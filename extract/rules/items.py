"""Targets and results from the sentences of a review or plan section.

Every quantity the number parser finds is a candidate; it becomes an item when it is
not a describing number (`10亿元以上项目`, `总规模1000亿元的基金`), with the indicator
read around it. Whether it is a target or a result follows the sentence's period.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from extract.canonical import canonical_code
from extract.cn_numerals import CN_NUMERAL_CHARS
from extract.numbers import NumberMention, find_numbers, to_base
from extract.rules import hearsay, periods
from extract.rules import indicators as ind
from extract.rules.text import HARD_BREAKS, clause_start, is_cjk, sentences, sentences_holding
from schemas.items import Grounding, Measure, Result, Target

_T = TypeVar("_T", Target, Result)
_JOINERS = ("、", "和", "及", "，", ",")
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
_VERB_FIRST = re.compile(r"调整|增长|下降|提高|提升|达到|增加|减少|降低|为|是|比|较|同比")
_TOTAL_WORDS = frozenset({"总量", "总数", "总额", "规模", "总规模", "总计", "累计"})
_TOGETHER = re.compile(r"双双|均|都|分别|同时|各")
_COUNTING_VERB = re.compile(r"(?:新增|新认定|新培育|新建|累计)")
_INDICATORS_MET = re.compile(r"指标(?:全部|基本|全面|均|已|顺利)*(?:完成|实现|达到)")
# A sentence about a plan period (`“十二五”确定的9项约束性指标全部完成，…`): no one year.
_FIVE_YEAR_TOPIC = re.compile(r"\s*“?十[一二三四五六]五”?(?!规划)")
# A ratio of the three sectors: exactly three parts.
_RATIO = re.compile(r"[0-9.]+[:：∶][0-9.]+[:：∶][0-9.]+(?![0-9.]|[:：∶][0-9])")
_RATIO_SEP = re.compile("[:：∶]")
_SECTORS = ("第一产业", "第二产业", "第三产业")
_SECTOR_NAMED = re.compile(r"\(第[一二三]产业\)$")
# The noun after a count of milestones passed (4个千亿台阶, 3个万亿元台阶、达…).
_MILESTONE = re.compile(r"[^，,。；;、]{0,4}(?:台阶|大关|关口)")
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


class Figure(NamedTuple):
    """One number read with its indicator, before it becomes a Target or a Result."""

    indicator: str
    quote_start: int  # in the section text
    mention: NumberMention  # offsets in the section text
    growth: bool
    quote_end: int = -1  # where the quote ends when the name follows the number, else -1
    label: bool = False  # names the figures after it but is none itself (连跨4个千亿台阶)


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
        chain = _chain(text, mentions, k)
        shared = _respectively(text, chain, max(floor, start), out)
        if shared:
            out.extend(shared)
            k += len(chain)
            after = chain[-1].end
            continue
        ceiling = nxt.start if nxt is not None else end
        named, consumed_to = _name(text, m, floor, ceiling, out)
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


def _chain(text: str, mentions: list[NumberMention], k: int) -> list[NumberMention]:
    """Mentions k, k+1, … written as one list (`26.8%、12%、0.6%和25.9%`)."""
    chain = [mentions[k]]
    unit = mentions[k].unit
    for nxt in itertools.islice(mentions, k + 1, None):
        if text[chain[-1].end : nxt.start] not in _JOINERS:
            break  # the common case, asked first: the next number is not listed with this one
        counts = nxt.unit in ind.COUNT_UNITS and unit in ind.COUNT_UNITS
        same = nxt.unit == unit or to_base(1, nxt.unit)[1] == to_base(1, unit)[1]
        if not (same or counts):
            break  # 分别新增11个和27项: counts of different things still pair up
        chain.append(nxt)
    return chain


def _respectively(
    text: str, chain: list[NumberMention], floor: int, before: list[Figure]
) -> list[Figure]:
    """`A、B分别增长x%、y%`: the i-th indicator takes the i-th number."""
    if len(chain) < 2:
        return []
    lstart = clause_start(text, chain[0].start, floor)
    words = text[lstart : chain[0].start]
    listed, _, predicate = words.rpartition("分别") if "分别" in words else (words, "", "")
    if _:
        # A、B预计分别…: 预计 names neither; but a bare 累计分别 stays, to prefix the names
        listed = ind.strip_predicate(listed)[0] or listed
    else:
        listed, predicate = ind.strip_predicate(words)
    cut, listed = ind.strip_head(listed)
    growth = bool(ind.growth_from(predicate, "", chain[0].unit))
    parts = [(at, p) for at, p in ind.split_list_any(listed) if ind.clean(p)]
    if not parts and _ and not before and lstart > floor + 1:
        # `A、B从无到有，分别达2个、3个`: the list is the clause before
        lstart = clause_start(text, lstart - 1, floor)
        cut, listed = ind.strip_head(text[lstart : text.rfind("分别", lstart, chain[0].start)])
        listed = listed.rstrip("，,")
        parts = [(at, p) for at, p in ind.split_list_any(listed) if ind.clean(p)]
        if len(parts) != len(chain):
            return []
    if len(parts) == 1 and len(chain) == 2 and parts[0][1].startswith("城乡"):
        at, whole = parts[0]  # 城乡居民收入 23292元和7750元: urban, then rural
        return [
            Figure("城镇" + whole[2:], lstart + cut + at, chain[0], growth),
            Figure("农村" + whole[2:], lstart + cut + at, chain[1], growth),
        ]
    if len(parts) == len(chain):
        return [
            Figure(ind.clean(p), lstart + cut + at, m, growth or ind.names_a_rate(p))
            for (at, p), m in zip(parts, chain, strict=True)
        ]
    if len(parts) <= 1 and _ and len(before) >= len(chain):
        prefix = ind.clean(ind.strip_dated(listed)) + _counting_verb(predicate)
        earlier = before[-len(chain) :]
        return [
            Figure(prefix + f.indicator, f.quote_start, m, growth)
            for f, m in zip(earlier, chain, strict=True)
        ]
    name = ind.clean(listed)
    if len(parts) == 1 and name:
        return [Figure(name, lstart + cut, m, growth) for m in chain]
    return []


def _counting_verb(predicate: str) -> str:
    """新增/新认定/累计 say what is counted and stay in the indicator (GOLD.md)."""
    found = _COUNTING_VERB.match(predicate)
    return found.group() if found else ""


def _name(
    text: str, m: NumberMention, floor: int, ceiling: int, before: list[Figure]
) -> tuple[list[Figure], int]:
    """The figure(s) of one mention, and how far its indicator reached to the right."""
    lstart, words = ind.left_words(text, m, floor)
    words, predicate = ind.strip_predicate(words)
    together = _TOGETHER.search(predicate)  # 事故、死亡率双双下降75%; A、B各1家
    listed = _listed_before(text, m, floor, lstart)
    if listed and not together:
        return listed, -1
    if together:
        lstart = clause_start(text, m.start, floor)
        words, predicate = ind.strip_predicate(text[lstart : m.start])
    if words == "经济" and predicate.startswith("增长"):
        words = "经济增长"  # the growth of the economy: GDP
    if words.startswith("占") and before:
        share = before[-1].indicator + words  # X项, 占全国28.7%: X's share of the country
        return [Figure(share, before[-1].quote_start, m, False)], -1
    named_words = words
    cut, words = ind.strip_head(words)
    right = ""
    if _takes_right(m, words):
        right = _right(text, m, ceiling)
    growth = ind.growth_from(predicate, named_words, m.unit)
    if right and m.unit not in ("%", "个百分点"):
        growth = False  # 增加1万个错时共享停车位: a count of new things, a level
    if m.unit in ("倍", "番"):
        growth = True
    if right and _MILESTONE.match(right):
        # 连跨4个千亿台阶: a count of milestones passed is no figure, but its words name
        # the figures after it (`，2024年达到1.3万亿元`); 突破2万亿元大关: the amount is
        label = ind.clean(words)
        if m.unit in ind.COUNT_UNITS or not label:
            return ([Figure(label, lstart + cut, m, False, label=True)] if label else []), -1
        right = ""
    if right and words.endswith(("等", "和", "及", "与")) and _names_itself(words, right):
        # 北京天坛医院等5家医院: the examples are not the name; 53个专科和7个医院: nor
        # is the list item before the joiner
        cut, words = cut + len(words), ""
    name = ind.clean(words + _subject(text, m, right))
    if not name:
        if not before:
            return [], -1
        prev = before[-1]
        same_unit = prev.mention.unit == m.unit
        g = growth if growth is not None else (prev.growth if same_unit else False)
        indicator = prev.indicator
        if predicate.startswith("累计") and text[lstart - 1 : lstart] in ("、", "，", ","):
            # 新增公园141座、累计达到973座: the total of what the flow adds to
            indicator = "累计" + ind.strip_counting_verb(indicator)
        return [Figure(indicator, prev.quote_start, m, g)], -1
    start = lstart + cut
    if before and not right and text[lstart - 1 : lstart] == "、":
        # the list goes on right after the sibling's number, with no verb of its own
        listed_on = before[-1].mention.end == lstart - 1 and not predicate
        name = _after_a_sibling(before[-1], ind.clean(words), m, listed_on)
    if right:
        # the quote holds the name too (`建设4万亩高标准农田`), not only the number
        reach = m.end + len(right)
        return [Figure(name, min(start, m.start), m, bool(growth), reach)], reach
    parts = ind.split_list_any(words) if together else ind.split_list(words)
    if len(parts) >= 2:  # a list of names sharing the number (most words are one name)
        named = [(at, p, ind.clean(p)) for at, p in parts]
        figures = [
            Figure(name_p, start + at, m, bool(growth) or ind.names_a_rate(p))
            for at, p, name_p in named
            if name_p
        ]
        if len(figures) >= 2:
            return figures, -1
    return [Figure(name, start, m, bool(growth))], -1


def _subject(text: str, m: NumberMention, right: str) -> str:
    """What the count `m` counts, from the words `right` after it ("" for none)."""
    if not right:
        return ""  # most numbers: a rate or an amount named by the words before it
    # a predicate running into the next number is that number's (`8个村收入达到50万元`)
    reach = m.end + len(right)
    return ind.subject_of(right, reach == len(text) or text[reach] in HARD_BREAKS)


def _names_itself(words: str, right: str) -> bool:
    """Whether the noun after a count is a whole name without the words before it:
    `实践中心和88个站所` shares its head with the item before; `等` never does."""
    return words.endswith("等") or len(ind.subject_of(right, False)) > 2


def _after_a_sibling(prev: Figure, words: str, m: NumberMention, listed_on: bool) -> str:
    """`改造开工742个、完工548个`, `议案4项、建议880件`: the second names only what differs."""
    if words in _TOTAL_WORDS:
        return ind.strip_counting_verb(prev.indicator) + words  # 净增175户、总数达到665户
    if len(words) == 2 and len(prev.indicator) > 3 and prev.mention.unit[-1:] == m.unit[-1:]:
        return prev.indicator[:-2] + words
    # 新引进顶尖人才22名、领军人才189名: the list's counting verb says what each counts
    # (not 新签约项目2314个、签约额…: the verb is already in the name)
    verb = ind.counting_verb(prev.indicator) if listed_on else ""
    if not verb or ind.counting_verb(words) or verb[-2:] in words:
        return words
    return verb + words


def _listed_before(text: str, m: NumberMention, floor: int, lstart: int) -> list[Figure]:
    """`A率、B率稳定在100%`: the 、 cut the clause, but the number serves the whole list."""
    if text[lstart - 1 : lstart] != "、":
        return []
    hard = clause_start(text, m.start, floor)
    if hard >= lstart:
        return []
    listed, predicate = ind.strip_predicate(text[hard : m.start])
    cut, listed = ind.strip_head(listed)
    parts = ind.split_list(listed)
    if len(parts) < 2:
        return []
    growth = bool(ind.growth_from(predicate, listed, m.unit))
    return [
        Figure(ind.clean(p), hard + cut + at, m, growth or ind.names_a_rate(p)) for at, p in parts
    ]


def _takes_right(m: NumberMention, words: str) -> bool:
    """Whether the noun after the number names what is counted (`建设4万亩高标准农田`)."""
    if m.unit in ("", "%", "个百分点", "倍", "番", "成"):
        return False  # asked first: the words need no cleaning then
    return m.unit in ind.COUNT_UNITS or len(ind.clean(words)) <= 2


def _right(text: str, m: NumberMention, ceiling: int) -> str:
    right = ind.right_words(text, m, ceiling)
    if not right or (not is_cjk(right[0]) and right[0] not in '“"《'):
        return ""
    if right.startswith(("以", "左右", "多", "余", "的", "和", "或", "及", "至", "到", "、")):
        return ""
    if _VERB_FIRST.match(right):
        return ""  # 50.1调整为…, 100亿元增长到…: what follows is a predicate, not a noun
    return right


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
