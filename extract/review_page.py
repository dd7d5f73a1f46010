"""HTML review pages: the normalized text with every item highlighted where it was found.

One self-contained file per document (inline CSS and JS, no network) plus an
index for a run. Targets, results and glossary terms have their own colour;
ungrounded items stand out, and those without a place in the text are listed
above it so none is hidden. Numbers of the review and plan sections that no item
covers are underlined: what an extractor may have missed. Every character of the
document is escaped: a report is data, never markup.

It lives in extract (not eval) because `govx extract --format html` writes it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from extract import rundir
from extract.markup import Span, mark_up
from extract.outputs import ITEM_FIELDS, KIND_OF_LIST, SPAN_FIELDS, TERM_FIELDS
from schemas.errors import GovxError
from schemas.items import GlossaryTerm, Item
from schemas.report import ReportExtraction

DETAIL_FIELDS = (*ITEM_FIELDS, *TERM_FIELDS, "section", *SPAN_FIELDS)


@dataclass(frozen=True)
class PageItem:
    index: int
    kind: str  # target, result, glossary
    item: Item | GlossaryTerm

    @property
    def status(self) -> str:
        return self.item.grounding.value if self.item.grounding else "unchecked"

    @property
    def label(self) -> str:
        return self.item.term if isinstance(self.item, GlossaryTerm) else self.item.indicator

    @property
    def value(self) -> str:
        if isinstance(self.item, GlossaryTerm) or self.item.value is None:
            return ""
        high = "" if self.item.value_max is None else f"–{self.item.value_max:g}"
        return f"{self.item.value:g}{high}{self.item.unit}"

    @property
    def fields(self) -> list[tuple[str, str]]:
        data = self.item.model_dump(mode="json")
        return [(k, str(data[k])) for k in DETAIL_FIELDS if data.get(k) not in (None, "")]

    @property
    def tooltip(self) -> str:
        return "\n".join(f"{k}: {v}" for k, v in [("kind", self.kind), *self.fields])

    @property
    def classes(self) -> str:
        return f"k-{self.kind} s-{self.status}"

    def placed_in(self, text: str) -> bool:
        start, end = self.item.start, self.item.end
        return start is not None and end is not None and 0 <= start < end <= len(text)


def page_items(report: ReportExtraction) -> list[PageItem]:
    items: list[PageItem] = []
    for name, kind in KIND_OF_LIST.items():
        for item in getattr(report, name):
            items.append(PageItem(len(items), kind, item))
    return items


def uncovered_numbers(report: ReportExtraction, text: str) -> list[tuple[int, int, str]]:
    """The cross-check's likely misses: quantities of review/plan sections no item covers."""
    from extract.coverage import uncovered_numbers as find_uncovered

    sections = [s for s in report.sections if s.end <= len(text)]
    _, missed = find_uncovered(text, sections, [*report.targets, *report.results])
    return [(m.start, m.end, m.text) for m in missed]


def render_review_page(report: ReportExtraction, text: str | None) -> str:
    """The page for one document; `text` is its normalized text (None: items only)."""
    items = page_items(report)
    text = text or ""
    placed = [p for p in items if p.placed_in(text)]
    unplaced = [p for p in items if not p.placed_in(text)]
    numbers = uncovered_numbers(report, text) if text else []
    spans = [_item_span(p) for p in placed] + [_number_span(*n) for n in numbers]
    spans += [_damaged_span(a, b) for a, b in report.damaged_spans]
    body = mark_up(text, spans, _section_labels(report, len(text)))
    return _template("review_page.html.j2").render(
        report=report,
        items=items,
        unplaced=unplaced,
        uncovered=len(numbers),
        moved=_moved_quotes(placed, text),
        has_text=bool(text),
        body=Markup(body),  # safe: mark_up escaped every character of the text
    )


def render_index(pages: list[tuple[ReportExtraction, str, int]]) -> str:
    """Index of a run: (report, page file name, uncovered numbers) per document."""
    return _template("review_index.html.j2").render(pages=pages)


def write_review_pages(
    reports: list[ReportExtraction], out_dir: Path, texts: Mapping[str, str] | None = None
) -> list[Path]:
    """`<doc>.html` per report and `index.html` in `out_dir`; returns the files written.

    `texts` maps doc_id to the normalized text when the caller has the documents
    at hand; otherwise each report's source is loaded again.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    stems = rundir.output_stems([Path(f"{r.doc_id}.html") for r in reports])
    written, pages = [], []
    for report, stem in zip(reports, stems, strict=True):
        text = (texts or {}).get(report.doc_id) or document_text(report)
        path = rundir.document_path(out_dir, stem, ".html")
        rundir.write_atomic(path, render_review_page(report, text))
        uncovered = len(uncovered_numbers(report, text)) if text else 0
        written.append(path)
        pages.append((report, path.name, uncovered))
    index = out_dir / "index.html"
    rundir.write_atomic(index, render_index(pages))
    return [*written, index]


def document_text(report: ReportExtraction) -> str | None:
    """The normalized text again, from the source path; None when it cannot be read."""
    if not report.source:
        return None
    from extract.documents import load_document

    try:
        text: str = load_document(Path(report.source)).text
        return text
    except (GovxError, OSError):
        return None


def _item_span(p: PageItem) -> Span:
    assert p.item.start is not None and p.item.end is not None
    title = html.escape(p.tooltip)

    common = f'data-i="{p.index}" title="{title}"'

    def open_tag(first: bool) -> str:
        if first:  # the one counted, linked piece; later pieces of a crossed span follow it
            return f'<mark class="item {p.classes}" id="item-{p.index}" {common}>'
        return f'<mark class="item-cont {p.classes}" {common}>'

    return Span(p.item.start, p.item.end, open_tag, "</mark>")


def _number_span(start: int, end: int, text: str) -> Span:
    title = html.escape(f"number not covered by any item: {text}")
    return Span(start, end, lambda _first: f'<span class="uncovered" title="{title}">', "</span>")


def _damaged_span(start: int, end: int) -> Span:
    title = "bytes lost in the original: not guessed"
    return Span(start, end, lambda _first: f'<span class="damaged" title="{title}">', "</span>")


def _section_labels(report: ReportExtraction, length: int) -> dict[int, str]:
    labels: dict[int, str] = {}
    for s in report.sections:
        if s.part or not 0 <= s.start <= length:
            continue
        year = f" {s.year}" if s.year else ""
        tag = f"§{s.index} {s.role.value}{year}"
        labels[s.start] = labels.get(s.start, "") + (
            f'<span class="sec r-{s.role.value}" title="{html.escape(s.heading)}">'
            f"{html.escape(tag)}</span>"
        )
    return labels


def _moved_quotes(placed: list[PageItem], text: str) -> int:
    """Exact-grounded items whose span no longer holds their quote: the text has changed."""
    return sum(
        1
        for p in placed
        if p.status == "exact" and text[p.item.start or 0 : p.item.end or 0] != p.item.quote
    )


_ENV: Environment | None = None


def _template(name: str) -> Template:
    global _ENV
    if _ENV is None:
        _ENV = Environment(
            loader=PackageLoader("extract", "templates"),
            autoescape=select_autoescape(["j2", "html"], default=True),
        )
    return _ENV.get_template(name)
