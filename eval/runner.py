"""`govx eval`: score a run directory (against gold if given), cross-check it, report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.evaluation import Evaluation, evaluate
from eval.report_html import render_html
from eval.report_md import render_markdown
from schemas.errors import InputError


def items_path(json_path: Path) -> Path:
    """The per-item JSONL beside the metrics JSON: m.json -> m.items.jsonl."""
    return json_path.with_name(json_path.stem + ".items.jsonl")


def metrics_json(ev: Evaluation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "run_dir": str(ev.run.path),
        "run": ev.run.record,
        "gold_dir": str(ev.gold.root) if ev.gold else None,
        "crosscheck": {name: m.as_dict() for name, m in ev.check_metrics.items()},
        "notes": ev.notes,
    }
    if ev.scores is not None:
        out["documents"] = ev.scores.documents
        out["counts"] = {k: vars(c) for k, c in ev.scores.counts.items()}
        out["metrics"] = {
            kind: {name: m.as_dict() for name, m in metrics.items()}
            for kind, metrics in ev.scores.prf.items()
        }
        out["fields"] = {
            kind: {name: m.as_dict() for name, m in metrics.items()}
            for kind, metrics in ev.scores.fields.items()
        }
    out["per_document"] = [_document_json(ev, doc_id) for doc_id in sorted(_doc_ids(ev))]
    return out


def _doc_ids(ev: Evaluation) -> set[str]:
    return {c.case.doc_id for c in ev.cases} | set(ev.checks)


def _document_json(ev: Evaluation, doc_id: str) -> dict[str, Any]:
    row: dict[str, Any] = {"doc_id": doc_id}
    for case in ev.cases:
        if case.case.doc_id == doc_id:
            row["counts"] = {k: vars(c) for k, c in case.counts.items()}
            row["evaluations"] = [vars(e) for e in case.evaluations]
    check = ev.checks.get(doc_id)
    if check is not None:
        row["coverage"] = check.coverage
        row["grounding_rate"] = check.grounding_rate
        row["crosscheck_note"] = check.note or None
    return row


def item_lines(ev: Evaluation) -> list[dict[str, Any]]:
    """Every match decision, then every cross-check finding, one JSON object each."""
    lines: list[dict[str, Any]] = [d.as_dict() for case in ev.cases for d in case.decisions]
    for doc_id, check in sorted(ev.checks.items()):
        lines += [
            {
                "doc_id": doc_id,
                "check": "likely_miss",
                "text": c.text,
                "start": c.start,
                "end": c.end,
                "role": c.role,
                "sentence": c.context.text,
            }
            for c in check.uncovered
        ]
        lines += [
            {
                "doc_id": doc_id,
                "check": "likely_invention",
                "kind": u.kind,
                "label": u.label,
                "quote": u.quote,
                "reason": u.reason,
            }
            for u in check.ungrounded
        ]
    return lines


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path} ({exc.strerror}); choose another path") from exc


def write_json(ev: Evaluation, json_path: Path) -> Path:
    _write(json_path, json.dumps(metrics_json(ev), ensure_ascii=False, indent=2) + "\n")
    jsonl = items_path(json_path)
    _write(jsonl, "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in item_lines(ev)))
    return jsonl


def evaluate_run(
    pred_dir: Path,
    gold_dir: Path | None = None,
    html_path: Path | None = None,
    json_path: Path | None = None,
) -> str:
    """Score `pred_dir`; write the HTML and JSON reports if asked; return the Markdown summary."""
    ev = evaluate(Path(pred_dir), Path(gold_dir) if gold_dir is not None else None)
    markdown = render_markdown(ev)
    written = []
    if html_path is not None:
        _write(Path(html_path), render_html(ev))
        written.append(f"HTML report: {html_path}")
    if json_path is not None:
        jsonl = write_json(ev, Path(json_path))
        written.append(f"JSON metrics: {json_path}; per-item decisions: {jsonl}")
    return markdown + ("\n" + "\n".join(f"- {w}" for w in written) + "\n" if written else "")
