"""Hand-built gold and predictions for the eval tests (no corpus needed)."""

from __future__ import annotations

from typing import Any

from schemas.items import GlossaryTerm, Measure, Qualifier, Result, Target
from schemas.report import GoldDocument, ReportExtraction, RunRecord


def target(indicator: str, value: float | None, unit: str = "%", **kw: Any) -> Target:
    number = "" if value is None else f"{value:g}{unit}"
    fields: dict[str, Any] = {
        "indicator": indicator,
        "measure": Measure.growth if unit == "%" else Measure.level,
        "value": value,
        "unit": unit,
        "qualifier": Qualifier.exact,
        "year": 2024,
        "quote": kw.pop(
            "quote", f"{indicator}增长{number}" if unit == "%" else f"{indicator}{number}"
        ),
    }
    return Target(**(fields | kw))


def result(indicator: str, value: float, unit: str = "%", **kw: Any) -> Result:
    return Result(**target(indicator, value, unit, **kw).model_dump())


def term(name: str, number: int | None = None) -> GlossaryTerm:
    return GlossaryTerm(term=name, number=number, definition=f"{name}是……", quote=f"{name}：是")


def gold_doc(doc_id: str = "doc", scope: str = "all", **lists: Any) -> GoldDocument:
    return GoldDocument(doc_id=doc_id, scope=scope, **lists)


def extraction(doc_id: str = "doc", **lists: Any) -> ReportExtraction:
    return ReportExtraction(doc_id=doc_id, run=RunRecord(backend="test"), **lists)
