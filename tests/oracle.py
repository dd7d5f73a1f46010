"""ORACLE responder — a test double, not a model.

It answers each section request with the gold items whose quotes lie in that
section's text, so an end-to-end run can be checked against gold exactly. Each
gold item is placed once, in the innermost section govx sends that holds the
first place its quote occurs in the document. One oracle can serve many
documents: requests are told apart by their section text.

Re-asks get the same answer as the first request: an oracle fed a perturbed
gold (tests/eval_runs.perturb) persists in its errors, as a stubborn model
would, so the items it got wrong end up kept and marked ungrounded. An item
whose quote is nowhere in the text (an invented one) is said in the document's
first sent section.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from stub_server import Reply, answer, section_of

from extract.documents import Document
from extract.grounding import locate_quote
from extract.llm.schema import model_json
from extract.pipeline import sections_to_extract
from schemas.report import GoldDocument, Section, SectionExtraction

KINDS = ("targets", "results", "glossary")


class Oracle:
    def __init__(self, documents: Iterable[tuple[GoldDocument, Document]]) -> None:
        self.placed: dict[str, SectionExtraction] = {}  # section text -> its gold items
        self.doc_of: dict[str, str] = {}  # section text -> doc_id
        # gold items whose quote is in the text but in no section govx sends: a real
        # model could never give them back, so a run scores below 1.00
        self.unsent: list[tuple[str, str, str]] = []  # (doc_id, kind, quote)
        for gold, doc in documents:
            self._place(gold, doc)

    def _place(self, gold: GoldDocument, doc: Document) -> None:
        sent = sections_to_extract(doc)
        for section in sent:
            self.placed.setdefault(doc.section_text(section), SectionExtraction())
            self.doc_of.setdefault(doc.section_text(section), doc.doc_id)
        for kind in KINDS:
            for item in getattr(gold, kind):
                home = _home(item.quote, doc, sent)
                if home is None:
                    self.unsent.append((doc.doc_id, kind, item.quote))
                else:
                    getattr(self.placed[doc.section_text(home)], kind).append(item)

    def __call__(self, body: dict[str, Any]) -> Reply:
        found = self.placed.get(section_of(body), SectionExtraction())
        return answer(body, model_json(found))


def _home(quote: str, doc: Document, sent: list[Section]) -> Section | None:
    """The innermost sent section holding the quote's first occurrence."""
    found = locate_quote(quote, doc.text)
    if found is None:  # an invented quote: where it is said does not matter
        return sent[0] if sent else None
    holding = [s for s in sent if s.start <= found[0] < s.end]
    return min(holding, key=lambda s: s.chars) if holding else None
