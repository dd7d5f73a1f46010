"""The offline rules extractor: govx's backend when no model is configured.

Deterministic and fast: regexes over the normalized text, the one number parser for
every figure, GOLD.md's conventions for indicator, measure, year, estimated and main.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

from extract.provenance import govx_version
from extract.rules.glossary import glossary_entries
from extract.rules.headline import headline_spans, qualitative_targets
from extract.rules.items import SectionContext, extract_figures
from schemas.report import RunRecord, Section, SectionExtraction, SectionRole, Usage

if TYPE_CHECKING:
    from extract.config import ExtractConfig
    from extract.regions import Region

_FIVE_YEAR = re.compile(r"五年|十[二三四五]五|本届")
_LINE_END = re.compile("\n")
_NAME_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_A_YEAR = re.compile(r"(?:19|20)[0-9]{2}\s*年")
_PLACE_SUFFIX = re.compile(r"(?:省|市|县|区|旗|自治区|自治州|自治县)$")


def _report_year(doc: _Document) -> int | None:
    """The document's year, else one in its name (`zhonglou-2024.txt`): some reports never
    print their own year, and a target without a year is of no use in a panel."""
    if doc.report_year is not None:
        return doc.report_year
    found = _NAME_YEAR.search(doc.doc_id)
    return int(found.group(1)) if found else None


def _reviews_five_years(section: Section) -> bool:
    """本届政府的五年, “十三五”时期的工作回顾: figures take no year unless the text gives one."""
    heading = section.heading
    return section.role is SectionRole.review and bool(
        _FIVE_YEAR.search(heading) and not _A_YEAR.search(heading)
    )


def _plans_five_years(section: Section, report_year: int | None) -> bool:
    """A plan part the sections gave no single year though the report has one: the goals
    of “十五五”时期 (its chapter says so), for 2030 or for no year, never the report's."""
    return section.role is SectionRole.plan and section.year is None and report_year is not None


class _Document(Protocol):
    """What the rules read of extract.documents.Document."""

    @property
    def report_year(self) -> int | None: ...

    @property
    def doc_id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def region(self) -> Region | None: ...

    def section_text(self, section: Section) -> str: ...


def _region_forms(region: Region | None) -> tuple[str, ...]:
    """How the report may write its own region before a figure (`深圳市`, `深圳`)."""
    if region is None:
        return ()
    short = _PLACE_SUFFIX.sub("", region.as_written)
    if len(short) < 2:
        return (region.as_written,)
    own = region.name[region.name.rfind(short) :]  # 深圳市 when the report wrote 深圳
    return tuple(sorted({own, region.as_written, short}, key=len, reverse=True))


class RulesBackend:
    """Targets, results and glossary terms of a section, by rules."""

    name = "rules"

    def __init__(self, config: ExtractConfig | None = None) -> None:
        self.config = config

    def run_record(self) -> RunRecord:
        return RunRecord(backend=self.name, govx_version=govx_version())

    def extract_section(self, doc: _Document, section: Section) -> tuple[SectionExtraction, Usage]:
        text = doc.section_text(section)
        is_glossary = section.role is SectionRole.glossary
        entries = glossary_entries(text, is_glossary, section.start)
        terms = [term for _, _, term in entries]
        if is_glossary:
            return SectionExtraction(glossary=terms), Usage()
        lead = doc.text[max(0, section.start - 60) : section.start]
        heads = headline_spans(text, lead) if section.role is not SectionRole.review else []
        ctx = SectionContext(
            text=text,
            offset=section.start,
            role=section.role.value,
            year=section.year,
            report_year=_report_year(doc),
            five_year=(_reviews_five_years(section) or _plans_five_years(section, doc.report_year)),
            main_spans=heads,
            skip_spans=[(s, e) for s, e, _ in entries] if not is_glossary else [],
            line_ends=[found.start() for found in _LINE_END.finditer(text)],
            section=section.index,
            region_forms=_region_forms(doc.region),
        )
        targets, results = extract_figures(ctx)
        plan_year = section.year if section.year is not None else _report_year(doc)
        for span in heads:
            targets += qualitative_targets(text, span, plan_year, section.start)
        targets.sort(key=lambda t: t.start or 0)
        return SectionExtraction(targets=targets, results=results, glossary=terms), Usage()
