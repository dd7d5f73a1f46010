"""The Markdown summary `govx eval` prints: what was measured, scores with intervals,
the worst documents, and the cross-check."""

from __future__ import annotations

from eval.evaluation import Evaluation
from eval.matching import CAUSES, KINDS
from eval.scores import CaseResult, field_order
from eval.stats import Metric, total

WORST = 5  # documents listed as the worst ones
NOTES_SHOWN = 8


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _run_lines(ev: Evaluation) -> list[str]:
    lines = [f"# govx eval: {ev.run.path}", ""]
    lines += [f"- **{label}**: {value}" for label, value in ev.run.describe()]
    if ev.gold is not None:
        lines.append(f"- **gold**: {ev.gold.root} ({len(ev.gold.documents)} documents)")
    return [*lines, ""]


def _score_lines(ev: Evaluation) -> list[str]:
    scores = ev.scores
    if scores is None:
        return ["No gold given (--gold CORPUS): cross-check only.", ""]
    lines = [
        f"## Scores against gold ({scores.documents} documents; micro-averaged; "
        "95% bootstrap intervals over documents; higher is better)",
        "",
    ]
    rows = []
    for kind in KINDS:
        if kind not in scores.prf:
            continue
        m, c = scores.prf[kind], scores.counts[kind]
        rows.append(
            [
                kind,
                m["precision"].text(),
                m["recall"].text(),
                m["f1"].text(),
                str(c.tp),
                str(c.fp),
                str(c.fn),
            ]
        )
    lines += markdown_table(["kind", "precision", "recall", "F1", "TP", "FP", "FN"], rows)
    lines += ["", "### Field accuracy on matched pairs", ""]
    names = field_order(scores.fields)
    rows = [[kind] + [_field(scores.fields[kind].get(n)) for n in names] for kind in scores.fields]
    return [*lines, *markdown_table(["kind", *names], rows), "", *_cause_lines(ev)]


def cause_rows(ev: Evaluation) -> tuple[list[str], list[list[str]]]:
    """False positives by what kept them from their closest gold item (header, rows)."""
    if ev.scores is None:
        return [], []
    causes = [c for _, c in CAUSES] + ["no gold item"]
    rows = [
        [kind] + [str(tally.get(c, 0)) for c in causes] for kind, tally in ev.scores.causes.items()
    ]
    return ["kind", *causes], rows


def _cause_lines(ev: Evaluation) -> list[str]:
    header, rows = cause_rows(ev)
    if not rows:
        return []
    title = "### Why false positives found no gold partner (their closest gold item)"
    return [title, "", *markdown_table(header, rows), ""]


def _field(metric: Metric | None) -> str:
    return "" if metric is None else metric.text(2)


def document_f1(case: CaseResult) -> float:
    """F1 of all a document's items pooled (main targets are already among its targets)."""
    return total([c for k, c in case.counts.items() if k != "main_targets"]).f1


def rank_key(case: CaseResult) -> tuple[float, int, str]:
    """Worst first: lowest pooled F1, then most errors."""
    errors = sum(c.fp + c.fn for k, c in case.counts.items() if k != "main_targets")
    return document_f1(case), -errors, case.case.doc_id


def worst_cases(ev: Evaluation, n: int = WORST) -> list[CaseResult]:
    return [c for c in sorted(ev.cases, key=rank_key) if document_f1(c) < 1.0][:n]


def _worst_lines(ev: Evaluation) -> list[str]:
    worst = worst_cases(ev)
    if not worst:
        return []
    rows = []
    for case in worst:
        cells = [case.case.doc_id] + [
            "–" if (f := case.f1(k)) is None else f"{f:.2f}" for k in KINDS
        ]
        fp = sum(c.fp for k, c in case.counts.items() if k != "main_targets")
        fn = sum(c.fn for k, c in case.counts.items() if k != "main_targets")
        rows.append([*cells, str(fp), str(fn)])
    header = ["document", *[f"{k} F1" for k in KINDS], "FP", "FN"]
    return [
        f"## Worst documents (lowest F1 over all their items, {len(worst)} shown)",
        "",
        *markdown_table(header, rows),
        "",
    ]


def check_rows(ev: Evaluation) -> list[list[str]]:
    """The cross-check summary rows, shared by the Markdown and HTML reports."""
    cov, grd = ev.check_metrics["coverage"], ev.check_metrics["grounding_rate"]
    checks = ev.checks.values()
    return [
        [
            "coverage of the text's quantities",
            cov.text(),
            f"{sum(c.candidates for c in checks)} quantities",
            f"{sum(len(c.uncovered) for c in checks)} likely misses",
        ],
        [
            "grounding rate of items",
            grd.text(),
            f"{sum(c.items for c in checks)} items",
            f"{sum(len(c.ungrounded) for c in checks)} likely inventions",
        ],
    ]


def _low_coverage_rows(ev: Evaluation) -> list[list[str]]:
    low = sorted(
        (c for c in ev.checks.values() if c.coverage is not None),
        key=lambda c: (c.coverage or 0.0, c.doc_id),
    )[:WORST]
    return [
        [
            c.doc_id,
            f"{c.coverage or 0:.2f}",
            str(len(c.uncovered)),
            "–" if c.grounding_rate is None else f"{c.grounding_rate:.2f}",
            str(len(c.ungrounded)),
        ]
        for c in low
    ]


def _check_lines(ev: Evaluation) -> list[str]:
    lines = ["## Cross-check against the text (no gold needed)", ""]
    lines += markdown_table(["measure", "value [95% CI]", "of", "listed"], check_rows(ev))
    rows = _low_coverage_rows(ev)
    if rows:
        header = ["lowest coverage", "coverage", "misses", "grounding", "inventions"]
        lines += ["", *markdown_table(header, rows)]
    return [*lines, ""]


def _note_lines(ev: Evaluation) -> list[str]:
    if not ev.notes:
        return []
    lines = ["## Notes", ""] + [f"- {n}" for n in ev.notes[:NOTES_SHOWN]]
    if len(ev.notes) > NOTES_SHOWN:
        lines.append(f"- … and {len(ev.notes) - NOTES_SHOWN} more (see the HTML or JSON report)")
    return [*lines, ""]


def render_markdown(ev: Evaluation) -> str:
    lines = (
        _run_lines(ev) + _score_lines(ev) + _worst_lines(ev) + _check_lines(ev) + _note_lines(ev)
    )
    return "\n".join(lines).rstrip() + "\n"
