"""One document through a backend: every section extracted, every item grounded.

Grounding happens here, after any backend, so rules and LLM items are held to
the same test: the quote is located in the text and the number is in the quote.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any, TypeVar, cast

from extract.grounding import ground
from extract.restated import merge_restated
from schemas.items import GlossaryTerm, Item
from schemas.report import (
    ReportExtraction,
    RunRecord,
    Section,
    SectionExtraction,
    SectionRole,
    Usage,
)

if TYPE_CHECKING:
    from extract.backends import Backend
    from extract.documents import Document

EXTRACTED_ROLES = (SectionRole.review, SectionRole.plan, SectionRole.glossary)
T = TypeVar("T", bound=Item | GlossaryTerm)


def sections_to_extract(doc: Document) -> list[Section]:
    return [s for s in doc.sections if s.role in EXTRACTED_ROLES]


def extract_document(
    doc: Document, backend: Backend, executor: Executor | None = None
) -> ReportExtraction:
    """Run `backend` over the document's sections (concurrently if given an executor)."""
    started = time.perf_counter()
    sections = sections_to_extract(doc)

    def one(section: Section) -> tuple[SectionExtraction, Usage]:
        return backend.extract_section(doc, section)

    answers: Iterable[tuple[SectionExtraction, Usage]]
    answers = executor.map(one, sections) if executor else map(one, sections)
    report = _assemble(doc, backend.run_record(), zip(sections, answers, strict=True))
    report.run.timings["extract_s"] = round(time.perf_counter() - started, 4)
    return report


def _assemble(
    doc: Document,
    run: RunRecord,
    answered: Iterable[tuple[Section, tuple[SectionExtraction, Usage]]],
) -> ReportExtraction:
    usage = Usage()
    report = ReportExtraction(
        doc_id=doc.doc_id,
        source=str(doc.path),
        region=doc.region.name if doc.region else None,
        region_code=doc.region.code if doc.region else None,
        level=doc.region.level if doc.region else None,
        report_year=doc.report_year,
        sections=doc.sections,
        damaged_spans=list(doc.norm.damaged),
        run=run,
    )
    for section, (found, spent) in answered:
        usage = usage.add(spent)
        report.targets += _grounded(found.targets, doc, section)
        report.results += _grounded(found.results, doc, section)
        report.glossary += _grounded(found.glossary, doc, section)
    report.targets = merge_restated(report.targets)
    report.results = merge_restated(report.results)
    report.run.usage = usage
    return report


def _grounded(items: list[T], doc: Document, section: Section) -> list[T]:
    # ground() keeps each item's own class (Target stays Target); its constrained
    # type variable cannot say so for subclasses, hence the cast.
    return [cast(T, ground(cast(Any, item), doc.text, section)) for item in items]
