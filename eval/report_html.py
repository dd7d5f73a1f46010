"""The full HTML report: one self-contained file (inline CSS and SVG, no scripts).

Every piece of document text goes through jinja2's autoescape: reports are built
from web pages, and a page's `<script>` must stay text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from eval.context import Snippet, sentence_around
from eval.evaluation import Evaluation
from eval.matching import KINDS
from eval.report_md import cause_rows, check_rows, rank_key
from eval.scores import CaseResult, Decision, field_order
from eval.stats import Counts
from extract.coverage import item_span
from schemas.items import GlossaryTerm, Item

TEMPLATES = Path(__file__).parent / "templates"
BAR_WIDTH = 160  # pixels of the F1 bar at 1.0


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
    )


def _label(item: Item | GlossaryTerm | None) -> str:
    if item is None:
        return ""
    if isinstance(item, GlossaryTerm):
        return item.term
    value = "" if item.value is None else f" {item.value:g}"
    if item.value_max is not None:
        value += f"–{item.value_max:g}"
    return f"{item.indicator}{value}{item.unit} ({item.measure.value}, {item.qualifier.value})"


def _count_row(kind: str, c: Counts) -> dict[str, Any]:
    return {
        "kind": kind,
        "precision": f"{c.precision:.3f}",
        "recall": f"{c.recall:.3f}",
        "f1": f"{c.f1:.3f}",
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn,
    }


def _snippet(decision: Decision, text: str | None) -> Snippet | None:
    item = decision.pred if decision.outcome == "false_positive" else decision.gold
    if text is None or item is None:
        return None
    span = item_span(item, text)
    return sentence_around(text, *span) if span else None


def _errors(case: CaseResult, text: str | None) -> list[dict[str, Any]]:
    rows = []
    for d in case.decisions:
        if d.outcome == "match" and not d.mismatched:
            continue
        shown = d.pred if d.outcome == "false_positive" else d.gold
        rows.append(
            {
                "outcome": d.outcome if d.outcome != "match" else "field mismatch",
                "kind": d.kind,
                "gold": _label(d.gold),
                "pred": _label(d.pred),
                "reason": d.reason,
                "snippet": _snippet(d, text),
                "quote": shown.quote if shown else "",
            }
        )
    return rows


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _document(ev: Evaluation, doc_id: str, case: CaseResult | None) -> dict[str, Any]:
    pred_id = case.case.prediction.doc_id if case and case.case.prediction else doc_id
    check = ev.checks.get(pred_id)
    text = ev.text_for(case) if case else ev.texts.get(doc_id)
    return {
        "doc_id": doc_id,
        "f1": [_fmt(case.f1(k)) if case else "–" for k in KINDS],
        "counts": [_count_row(k, c) for k, c in case.counts.items()] if case else [],
        "errors": _errors(case, text) if case else [],
        # field verdicts that are perfect would only repeat the scores table
        "evaluations": [e for e in case.evaluations if e.value != 1.0] if case else [],
        "coverage": _fmt(check.coverage if check else None),
        "grounding": _fmt(check.grounding_rate if check else None),
        "uncovered": check.uncovered if check else [],
        "ungrounded": check.ungrounded if check else [],
        "note": check.note if check else "not in the run",
    }


def _documents(ev: Evaluation) -> list[dict[str, Any]]:
    cases = sorted(ev.cases, key=rank_key)  # worst first
    docs = [_document(ev, c.case.doc_id, c) for c in cases]
    scored = {c.case.prediction.doc_id for c in ev.cases if c.case.prediction}
    docs += [_document(ev, d, None) for d in sorted(ev.checks) if d not in scored]
    return docs


def _score_rows(ev: Evaluation) -> list[dict[str, Any]]:
    if ev.scores is None:
        return []
    rows = []
    for kind, metrics in ev.scores.prf.items():
        row = _count_row(kind, ev.scores.counts[kind])
        row |= {name: metrics[name].text() for name in ("precision", "recall", "f1")}
        f1 = metrics["f1"]
        row["bar"] = round(BAR_WIDTH * (f1.value or 0.0), 1)
        row["ci_low"] = None if f1.low is None else round(BAR_WIDTH * f1.low, 1)
        row["ci_high"] = None if f1.high is None else round(BAR_WIDTH * f1.high, 1)
        rows.append(row)
    return rows


def _field_rows(ev: Evaluation) -> tuple[list[str], list[dict[str, Any]]]:
    if ev.scores is None:
        return [], []
    names = field_order(ev.scores.fields)
    rows = [
        {"kind": kind, "cells": [m[n].text(2) if n in m else "" for n in names]}
        for kind, m in ev.scores.fields.items()
    ]
    return names, rows


def render_html(ev: Evaluation) -> str:
    field_names, fields = _field_rows(ev)
    cause_header, causes = cause_rows(ev)
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            title=str(ev.run.path),
            run_rows=ev.run.describe(),
            scores=_score_rows(ev),
            documents=ev.scores.documents if ev.scores else 0,
            field_names=field_names,
            fields=fields,
            check_rows=check_rows(ev),
            cause_header=cause_header,
            cause_rows=causes,
            notes=ev.notes,
            kinds=KINDS,
            docs=_documents(ev),
        )
    )
