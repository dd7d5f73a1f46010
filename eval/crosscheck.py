"""The cross-check: what the text itself says, no gold needed.

Candidates are the quantities the shared number parser (extract.numbers) finds in
review and plan sections; coverage is the share some extracted item's span covers,
and each uncovered one is a likely miss. An item is grounded when its quote is in
the text and its value is written in the quote; each other one is a likely invention.

The text is not stored in a run directory (it can be large and is the user's), so
it is re-read from ReportExtraction.source, or from the gold corpus's texts/ when
the source has moved; a document whose text cannot be found is reported as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eval.context import Snippet, sentence_around
from extract.coverage import uncovered_numbers
from extract.documents import Document, load_document
from extract.grounding import grounding_problem as extract_grounding_problem
from schemas.errors import GovxError
from schemas.items import GlossaryTerm, Grounding, Item
from schemas.report import ReportExtraction, Section


@dataclass(frozen=True)
class Candidate:
    """A quantity of the text that no extracted item covers: a likely miss."""

    start: int
    end: int
    text: str
    role: str
    heading: str
    context: Snippet


@dataclass(frozen=True)
class Ungrounded:
    """An item whose quote is not in the text or whose value is not in its quote."""

    kind: str
    label: str
    quote: str
    reason: str


@dataclass(frozen=True)
class CrossCheck:
    doc_id: str
    note: str = ""  # why the text-based half could not run, if it could not
    candidates: int = 0
    covered: int = 0
    uncovered: list[Candidate] = field(default_factory=list)
    items: int = 0
    grounded: int = 0
    ungrounded: list[Ungrounded] = field(default_factory=list)

    @property
    def coverage(self) -> float | None:
        return self.covered / self.candidates if self.candidates else None

    @property
    def grounding_rate(self) -> float | None:
        return self.grounded / self.items if self.items else None


def find_document(extraction: ReportExtraction, fallbacks: list[Path]) -> Document | str:
    """The extraction's document, re-read from its source or a fallback; else why not."""
    tried: list[Path] = [Path(extraction.source)] if extraction.source else []
    tried += fallbacks
    for path in tried:
        if path.is_file():
            try:
                return load_document(path)
            except GovxError as exc:
                return f"text of {extraction.doc_id} unreadable: {exc}"
    where = ", ".join(str(p) for p in tried) or "no source recorded"
    return f"text of {extraction.doc_id} not found ({where}); pass --gold CORPUS with texts/"


def _sections(extraction: ReportExtraction, doc: Document) -> list[Section]:
    # The run's own sections say what the extractor was shown; if the text has
    # changed since (a newer normalizer), they no longer fit and the fresh ones serve.
    stored = [s for s in extraction.sections if s.end <= len(doc.text)]
    chosen = stored if stored and len(stored) == len(extraction.sections) else doc.sections
    return chosen


def _coverage(extraction: ReportExtraction, doc: Document) -> tuple[int, int, list[Candidate]]:
    items: list[Item] = [*extraction.targets, *extraction.results]
    total, missed = uncovered_numbers(doc.text, _sections(extraction, doc), items)
    uncovered = [
        Candidate(
            m.start,
            m.end,
            m.text,
            m.section.role.value,
            m.section.heading,
            sentence_around(doc.text, m.start, m.end),
        )
        for m in missed
    ]
    return total, total - len(uncovered), uncovered


def grounding_problem(item: Item | GlossaryTerm, text: str | None) -> str | None:
    """Why `item` is not grounded, or None. Without the text, the run's own verdict stands."""
    if not item.quote:
        return "no quote"
    if text is not None:
        return extract_grounding_problem(item, text)
    if item.grounding == Grounding.ungrounded:
        return item.grounding_reason or "the run marked it ungrounded"
    if item.grounding is None:
        return "not grounded by the run, and no text to check"
    return None


def _label(kind: str, item: Item | GlossaryTerm) -> str:
    if isinstance(item, GlossaryTerm):
        return item.term
    number = "" if item.value is None else f" {item.value:g}{item.unit}"
    return f"{item.indicator}{number}"


def _grounding(extraction: ReportExtraction, text: str | None) -> tuple[int, list[Ungrounded]]:
    kinds: list[tuple[str, Sequence[Item | GlossaryTerm]]] = [
        ("targets", extraction.targets),
        ("results", extraction.results),
        ("glossary", extraction.glossary),
    ]
    ungrounded, count = [], 0
    for kind, items in kinds:
        for item in items:
            count += 1
            problem = grounding_problem(item, text)
            if problem:
                ungrounded.append(Ungrounded(kind, _label(kind, item), item.quote, problem))
    return count, ungrounded


def cross_check(extraction: ReportExtraction, doc: Document | str) -> CrossCheck:
    """Coverage and grounding of one extraction against its own text (`doc`), or, when
    the text could not be found (`doc` says why), grounding as the run recorded it."""
    if isinstance(doc, str):
        count, ungrounded = _grounding(extraction, None)
        return CrossCheck(
            extraction.doc_id, doc, 0, 0, [], count, count - len(ungrounded), ungrounded
        )
    candidates, covered, uncovered = _coverage(extraction, doc)
    count, ungrounded = _grounding(extraction, doc.text)
    return CrossCheck(
        extraction.doc_id,
        "",
        candidates,
        covered,
        uncovered,
        count,
        count - len(ungrounded),
        ungrounded,
    )
