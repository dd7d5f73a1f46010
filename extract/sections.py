"""Cut a normalized report into sections that know their role and year.

Headings: `一、` chapters (also inside a flattened one-line text), `（一）` parts,
short keyword lines (`2018年工作回顾`, `名词解释`, `附件`), runs of numbered
definitions or `【9】` footnotes (a glossary). A chapter's role comes from its
heading's words; parts inherit it. Text without headings (news, a preamble that
is really a plan) is classified sentence by sentence and cut where it turns
from the past year to the coming one. Sections cover the text without gaps or
overlaps, so extracting every section sees every character exactly once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from extract.leaning import flat_runs
from extract.normalize import NormalizedText
from extract.years import (
    date_line_year,
    mentioned_year,
    speaks_of_five_years,
    title_year,
    year_in,
)
from schemas.report import Section, SectionRole

MAX_SECTION_CHARS = 6000  # a long chapter is cut at paragraph ends under this bound
_MIN_PREAMBLE_TO_CLASSIFY = 300
_NUMERALS = "一二三四五六七八九十"
_CHAPTER = re.compile(rf"^(?:第[{_NUMERALS}]{{1,3}}部分|[{_NUMERALS}]{{1,3}}、)")
_PART = re.compile(rf"^[(（][{_NUMERALS}]{{1,3}}[)）]")
_KEYWORD_LINE = re.compile(
    r"^[^，,。；;]{0,24}(?:工作回顾|工作情况|发展回顾|工作安排|主要任务|重点任务|重点工作|预期目标"
    r"|主要目标|名词解释|名词注释|附件\s*\d*|附注|注释)[^，,。；;]{0,4}[:：]?$"
)
_INLINE_CHAPTER = re.compile(rf"(?<=[。！？；;\s])([{_NUMERALS}]{{1,2}})、")
_INLINE_MIN_LINE = 1000  # only a flattened text hides its chapters inside one line
# How a line opening a definition (`3. 揭榜挂帅：`) or a footnote (`【9】`) begins.
_DEFINITION = r"\d{1,3}[^\S\n]*[.．、][^\S\n]*[^:：。\n]{1,40}[:：]|【\d{1,3}】"
_DEFINITION_AT_START = re.compile(_DEFINITION)
# Every other such line, found from the newline before it in one scan of the text:
# a loop over the lines, or `^` tried at every position, costs ten times more.
_DEFINITION_AFTER_NEWLINE = re.compile(f"\n(?:{_DEFINITION})")
_MIN_DEFINITIONS = 3
_REVIEW_WORDS = re.compile(
    r"回顾|工作情况|过去一年|过去五年|一年来|五年来|主要成绩|取得的成绩|工作总结"
)
_PLAN_WORDS = re.compile(
    r"安排|任务|重点工作|总体要求|目标|今后|未来|建议|主要考虑|部署|思路|计划|展望|今年"
)
_GLOSSARY_WORDS = re.compile(r"名词解释|名词注释|注释|附注|注解|小词典")
_APPENDIX = re.compile(r"附件")
_HEADING_END = re.compile(r"[。；;]")


@dataclass(frozen=True)
class _Heading:
    start: int
    level: int  # 1 chapter, 2 part
    title: str
    glossary: bool = False  # a run of definitions with no heading of its own


@dataclass
class _Block:
    start: int
    end: int
    heading: str
    level: int  # 0 preamble or flat run, 1 chapter, 2 part
    role: SectionRole | None = None
    year: int | None = None
    parent: _Block | None = None  # the chapter a part belongs to


class _HasSections(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def sections(self) -> list[Section]: ...

    @property
    def report_year(self) -> int | None: ...


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _title_of(line: str, cap: int = 60) -> str:
    match = _HEADING_END.search(line)
    return (line[: match.start()] if match else line)[:cap].strip()


def _inline_chapters(text: str, start: int, end: int) -> list[_Heading]:
    """`一、…二、…` inside one long line, accepted only in numbering order."""
    found, expected = [], 1
    for match in _INLINE_CHAPTER.finditer(text, start, end):
        if _NUMERALS.find(match.group(1)) + 1 != expected or len(match.group(1)) != 1:
            continue
        rest = text[match.start() : min(end, match.start() + 40)]
        found.append(_Heading(match.start(), 1, re.split(r"[。，,：:；]", rest)[0][:30]))
        expected += 1
    return found


def _definition_runs(text: str) -> list[int]:
    """Starts of runs of numbered definitions (three or more) or of footnote
    explanations (`【9】…` opening a line: one is enough) — glossaries. Blank
    lines do not break a run; a line of any other text does."""
    starts: list[int] = []
    run: list[int] = []

    def close() -> None:
        footnotes = all(text.startswith("【", pos) for pos in run)
        if run and (len(run) >= _MIN_DEFINITIONS or footnotes):
            starts.append(run[0])

    run_end = 0  # end of the run's last line
    for start in _definition_lines(text):
        if run and text[run_end:start].strip():
            close()
            run = []
        run.append(start)
        line_end = text.find("\n", start)
        run_end = len(text) if line_end < 0 else line_end
    close()
    return starts


def _definition_lines(text: str) -> list[int]:
    starts = [match.start() + 1 for match in _DEFINITION_AFTER_NEWLINE.finditer(text)]
    return [0, *starts] if _DEFINITION_AT_START.match(text) else starts


def find_headings(text: str) -> list[_Heading]:
    lines = _lines(text)
    headings: list[_Heading] = []
    chapter: str | None = None  # title of the last numbered chapter
    for start, end in lines:
        line = text[start:end]
        if _CHAPTER.match(line):
            chapter = _title_of(line)
            headings.append(_Heading(start, 1, chapter))
        elif len(line) <= 30 and _KEYWORD_LINE.match(line):
            level = 2 if chapter is not None and _belongs_to(line, chapter) else 1
            headings.append(_Heading(start, level, _title_of(line)))
        elif _PART.match(line):
            headings.append(_Heading(start, 2, _title_of(line)))
        elif end - start >= _INLINE_MIN_LINE:
            headings.extend(_inline_chapters(text, start, end))
    for start in _definition_runs(text):
        headings.append(
            _Heading(start, 1, _title_of(text[start : text.find("\n", start)], 30), glossary=True)
        )
    headings.sort(key=lambda h: h.start)
    return _drop_glossary_repeats(headings)


def _belongs_to(keyword_line: str, chapter: str) -> bool:
    """`主要预期目标` inside `三、2026年工作安排` is a part of it, not a new chapter;
    a glossary, an appendix or a turn from review to plan starts a chapter."""
    role = keyword_role(keyword_line)
    if role is SectionRole.glossary or _APPENDIX.search(keyword_line):
        return False
    chapter_role = keyword_role(chapter)
    return chapter_role is None or chapter_role == role


def _drop_glossary_repeats(headings: list[_Heading]) -> list[_Heading]:
    """A definition run right under a 名词解释/附件 heading belongs to that heading."""
    kept: list[_Heading] = []
    for heading in headings:
        last = kept[-1] if kept else None
        if (
            heading.glossary
            and last
            and (_GLOSSARY_WORDS.search(last.title) or _APPENDIX.search(last.title))
        ):
            continue
        kept.append(heading)
    return kept


def keyword_role(heading: str) -> SectionRole | None:
    if _GLOSSARY_WORDS.search(heading):
        return SectionRole.glossary
    if _REVIEW_WORDS.search(heading):
        return SectionRole.review
    if _PLAN_WORDS.search(heading):
        return SectionRole.plan
    return None


def _blocks(text: str, headings: list[_Heading]) -> list[_Block]:
    """Blocks from heading to heading; parts point at their chapter."""
    blocks: list[_Block] = []
    if not headings or headings[0].start > 0:
        first = headings[0].start if headings else len(text)
        blocks.append(_Block(0, first, "", 0))
    chapter: _Block | None = None
    for i, heading in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        block = _Block(heading.start, end, heading.title, heading.level)
        if heading.glossary:
            block.role = SectionRole.glossary
        if heading.level == 1:
            chapter = block
        else:
            block.parent = chapter
        blocks.append(block)
    return blocks


def _chapter_role(block: _Block, text: str) -> SectionRole | None:
    role = block.role or keyword_role(block.heading)
    if role is None and _APPENDIX.search(block.heading):
        body = text[block.start : block.end]
        has_definitions = len(_definition_runs(body)) > 0
        role = SectionRole.glossary if has_definitions else SectionRole.other
    return role


def _report_year(text: str, blocks: list[_Block]) -> int | None:
    for block in blocks:
        year = year_in(block.heading) if block.level == 1 else None
        if year is None:
            continue
        role = keyword_role(block.heading)
        if role is SectionRole.review:
            return year + 1
        if role is SectionRole.plan:
            return year
    return title_year(text) or date_line_year(text) or mentioned_year(text)


def _content_role(text: str, block: _Block, year: int | None) -> SectionRole | None:
    from extract.leaning import lean

    score = lean(text[block.start : block.end], year)
    if score == 0:
        return None
    return SectionRole.plan if score > 0 else SectionRole.review


def _unnamed_chapter_role(
    text: str, chapter: _Block, year: int | None, seen: set[SectionRole]
) -> SectionRole:
    """A chapter whose heading names no role (`二、一张蓝图绘到底…`).

    Reports run review -> plan and never return: after a plan chapter every
    unnamed chapter is plan. Before it, the heading's year or the wording of
    the whole chapter decides; undecided after a review means the plan begins.
    """
    if SectionRole.plan in seen:
        return SectionRole.plan
    heading_year = year_in(chapter.heading)
    if year is not None and heading_year == year:
        return SectionRole.plan
    if year is not None and heading_year == year - 1:
        return SectionRole.review
    role = _content_role(text, chapter, year)
    if role is not None:
        return role
    return SectionRole.plan if SectionRole.review in seen else SectionRole.other


def _chapter_end(blocks: list[_Block], chapter: _Block, default: int) -> int:
    """Where a chapter ends with all its parts: at the next chapter."""
    later = [b.start for b in blocks if b.level == 1 and b.start > chapter.start]
    return min(later, default=default)


def _assign_roles(text: str, blocks: list[_Block], year: int | None) -> list[_Block]:
    """Roles for every block; an unheaded stretch may become several runs."""
    out: list[_Block] = []
    seen: set[SectionRole] = set()
    for block in blocks:
        if block.level == 0:
            if len(blocks) == 1 or block.end - block.start >= _MIN_PREAMBLE_TO_CLASSIFY:
                runs = flat_runs(text, block.start, block.end, year)
                out.extend(_Block(s, e, _snippet(text, s), 0, role) for s, e, role in runs)
                seen.update(role for _s, _e, role in runs)
            else:
                block.role = SectionRole.other
                out.append(block)
            continue
        if block.level == 1:
            whole = _Block(block.start, _chapter_end(blocks, block, len(text)), block.heading, 1)
            block.role = _chapter_role(block, text) or _unnamed_chapter_role(
                text, whole, year, seen
            )
        elif block.parent is not None:
            block.role = block.parent.role
        else:  # a part before any chapter: the text starts in the middle
            block.role = _content_role(text, block, year) or SectionRole.other
        seen.add(block.role or SectionRole.other)
        out.append(block)
    return out


def _snippet(text: str, start: int) -> str:
    line_end = text.find("\n", start)
    line = text[start : line_end if line_end >= 0 else len(text)]
    return _title_of(re.split(r"[，,：:]", line.strip())[0], 30)


def _assign_years(blocks: list[_Block], year: int | None) -> None:
    for block in blocks:
        chapter = block.parent or block
        if block.role not in (SectionRole.review, SectionRole.plan):
            continue
        heading_year = year_in(chapter.heading) if chapter.level == 1 else None
        if heading_year is not None:
            block.year = heading_year
        elif chapter.level == 1 and speaks_of_five_years(chapter.heading):
            block.year = None
        elif year is not None:
            block.year = year - 1 if block.role is SectionRole.review else year


def _cut_points(text: str, start: int, end: int, bound: int) -> list[int]:
    """Ends of chunks of text[start:end], at paragraph ends (else sentence ends) under bound."""
    cuts = []
    pos = start
    while end - pos > bound:
        limit = pos + bound
        cut = text.rfind("\n", pos + 1, limit)
        if cut < 0:
            sentence_ends = [m.end() for m in re.finditer(r"[。！？；]", text[pos + 1 : limit])]
            cut = pos + 1 + sentence_ends[-1] if sentence_ends else limit
        else:
            cut += 1
        cuts.append(cut)
        pos = cut
    return cuts


def _sections(text: str, blocks: list[_Block], bound: int) -> list[Section]:
    sections: list[Section] = []
    first_index: dict[int, int] = {}
    for block in blocks:
        parent = first_index.get(id(block.parent)) if block.parent is not None else None
        first_index[id(block)] = len(sections)
        cuts = _cut_points(text, block.start, block.end, bound)
        edges = [block.start, *cuts, block.end]
        for part, (start, end) in enumerate(pairwise(edges)):
            sections.append(
                Section(
                    index=len(sections),
                    heading=block.heading,
                    role=block.role or SectionRole.other,
                    year=block.year,
                    start=start,
                    end=end,
                    parent=parent,
                    part=part + 1 if cuts else 0,
                )
            )
    return sections


def split_sections(
    norm: NormalizedText, max_chars: int = MAX_SECTION_CHARS
) -> tuple[list[Section], int | None]:
    """Sections covering norm.text in order, and the year the report is for."""
    text = norm.text
    blocks = _blocks(text, find_headings(text))
    year = _report_year(text, blocks)
    blocks = [b for b in _assign_roles(text, blocks, year) if b.end > b.start]
    _assign_years(blocks, year)
    return _sections(text, blocks, max_chars), year


def render_tree(doc: _HasSections) -> str:
    """One line per section: indented heading, role, year, span and size."""
    lines = [f"report year: {doc.report_year or '?'}  sections: {len(doc.sections)}"]
    for s in doc.sections:
        indent = "  " if s.parent is not None else ""
        heading = s.heading or "(untitled)"
        part = f" [part {s.part}]" if s.part else ""
        lines.append(
            f"{indent}{heading}{part}  {s.role.value} {s.year or '-'}  "
            f"{s.start}-{s.end} ({s.chars} chars)"
        )
    return "\n".join(lines)


def sections_json(doc: _HasSections) -> str:
    """The sections as a JSON list (offsets in the normalized text)."""
    rows = [{**s.model_dump(mode="json"), "chars": s.chars} for s in doc.sections]
    return json.dumps(rows, ensure_ascii=False, indent=2)
