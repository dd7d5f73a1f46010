"""ORACLE responder — a test double, not a model.

It answers each section request with the gold items whose quotes lie in that
section's text, so an end-to-end run can be checked against gold exactly. Each
gold item is placed once, at the first place its quote occurs in the document.
"""

from __future__ import annotations

from typing import Any

from stub_server import Reply, answer

from extract.grounding import locate_quote
from extract.llm.schema import model_json
from schemas.report import GoldDocument, SectionExtraction

SECTION_MARK = "Section text:\n"


class Oracle:
    def __init__(self, gold: GoldDocument, doc: Any) -> None:
        self.gold = gold
        self.doc = doc
        self.placed: dict[str, SectionExtraction] = {}  # section text -> its gold items
        for section in doc.sections:
            self.placed.setdefault(doc.section_text(section), SectionExtraction())
        for kind in ("targets", "results", "glossary"):
            for item in getattr(gold, kind):
                home = self._home(item.quote)
                if home is not None:
                    getattr(self.placed[home], kind).append(item)

    def _home(self, quote: str) -> str | None:
        """The text of the innermost extracted section holding the quote's first occurrence."""
        found = locate_quote(quote, self.doc.text)
        if found is None:
            return None
        start = found[0]
        holding = [s for s in self.doc.sections if s.start <= start < s.end]
        return self.doc.section_text(min(holding, key=lambda s: s.chars)) if holding else None

    def __call__(self, body: dict[str, Any]) -> Reply:
        text = body["messages"][-1]["content"].split(SECTION_MARK, 1)[1]
        return answer(body, model_json(self.placed.get(text, SectionExtraction())))
