"""`govx eval compare A B`: what changed between two runs, and whether it is more than noise.

Differences are paired by document: the same resampled documents score both runs,
so the interval of B - A reflects how consistently B differs, not how hard the
documents are. A difference whose 95% interval excludes 0 is called real.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.evaluation import Evaluation, evaluate
from eval.matching import KINDS, Kind, match_kind
from eval.report_md import markdown_table as _table
from eval.stats import Counts, bootstrap, total
from schemas.report import GoldDocument, ReportExtraction

MAX_DOC_ROWS = 20
ITEM_KINDS: tuple[Kind, ...] = ("targets", "results", "glossary")


@dataclass(frozen=True)
class Difference:
    name: str
    a: float | None
    b: float | None
    low: float | None
    high: float | None
    n: int

    @property
    def verdict(self) -> str:
        if self.low is None or self.high is None:
            return "too few documents to tell"
        if self.low > 0:
            return "B better (real)"
        if self.high < 0:
            return "A better (real)"
        return "within noise"

    def row(self) -> list[str]:
        def f(v: float | None) -> str:
            return "–" if v is None else f"{v:.3f}"

        delta = None if self.a is None or self.b is None else self.b - self.a
        ci = "–" if self.low is None else f"[{self.low:+.3f}, {self.high or 0:+.3f}]"
        sign = "–" if delta is None else f"{delta:+.3f}"
        return [self.name, f(self.a), f(self.b), sign, ci, str(self.n), self.verdict]


def paired(
    name: str,
    pairs: Sequence[tuple[Counts, Counts]] | Sequence[tuple[tuple[int, int], tuple[int, int]]],
    statistic: Callable[[Sequence[object]], float | None],
) -> Difference:
    """Difference B - A of `statistic`, with a paired bootstrap interval over documents."""
    samples = list(pairs)

    def delta(s: Sequence[tuple[object, object]]) -> float | None:
        a, b = statistic([p[0] for p in s]), statistic([p[1] for p in s])
        return None if a is None or b is None else b - a

    _, low, high = bootstrap(samples, delta)
    a = statistic([p[0] for p in samples])
    b = statistic([p[1] for p in samples])
    return Difference(name, a, b, low, high, len(samples))


def _f1(counts: Sequence[object]) -> float:
    return total([c for c in counts if isinstance(c, Counts)]).f1


def _ratio(pairs: Sequence[object]) -> float | None:
    hits = [p for p in pairs if isinstance(p, tuple)]
    n = sum(p[1] for p in hits)
    return sum(p[0] for p in hits) / n if n else None


def gold_differences(a: Evaluation, b: Evaluation) -> list[Difference]:
    by_doc_b = {c.case.doc_id: c for c in b.cases}
    out = []
    for kind in KINDS:
        pairs = [
            (c.counts[kind], by_doc_b[c.case.doc_id].counts[kind])
            for c in a.cases
            if kind in c.counts and c.case.doc_id in by_doc_b
        ]
        if pairs:
            out.append(paired(f"{kind} F1", pairs, _f1))
    return out


def check_differences(a: Evaluation, b: Evaluation) -> list[Difference]:
    common = sorted(set(a.checks) & set(b.checks))
    cov = [
        (
            (a.checks[d].covered, a.checks[d].candidates),
            (b.checks[d].covered, b.checks[d].candidates),
        )
        for d in common
        if not a.checks[d].note and not b.checks[d].note
    ]
    grd = [
        ((a.checks[d].grounded, a.checks[d].items), (b.checks[d].grounded, b.checks[d].items))
        for d in common
    ]
    return [paired("cross-check coverage", cov, _ratio), paired("grounding rate", grd, _ratio)]


def _as_gold(extraction: ReportExtraction) -> GoldDocument:
    return GoldDocument(
        **extraction.model_dump(include={"doc_id", "targets", "results", "glossary"})
    )


def item_changes(a: Evaluation, b: Evaluation) -> list[list[str]]:
    """Per document and kind: items only in A, only in B, and paired items whose fields differ
    (A's items play gold for B's: the same matcher, no gold needed)."""
    rows = []
    for doc_id in sorted(set(a.run.extractions) & set(b.run.extractions)):
        ea, eb = a.run.extractions[doc_id], b.run.extractions[doc_id]
        for kind in ITEM_KINDS:
            matching = match_kind(_as_gold(ea), eb, kind)
            if matching is None:
                continue
            gone, new = len(matching.misses), len(matching.false_positives)
            if gone or new:
                rows.append([doc_id, kind, str(len(matching.pairs)), str(gone), str(new)])
    return rows


def _doc_rows(a: Evaluation, b: Evaluation) -> list[list[str]]:
    by_doc_b = {c.case.doc_id: c for c in b.cases}
    rows = []
    for case in a.cases:
        other = by_doc_b.get(case.case.doc_id)
        for kind in KINDS:
            fa, fb = case.f1(kind), other.f1(kind) if other else None
            if fa is not None and fb is not None and abs(fb - fa) > 1e-9:
                rows.append((abs(fb - fa), case.case.doc_id, kind, fa, fb))
    rows.sort(key=lambda r: (-r[0], r[1]))
    return [[d, k, f"{fa:.3f}", f"{fb:.3f}", f"{fb - fa:+.3f}"] for _, d, k, fa, fb in rows]


def _header(a: Evaluation, b: Evaluation) -> list[str]:
    lines = [f"# govx eval compare: A = {a.run.path}, B = {b.run.path}", ""]
    for label, ev in (("A", a), ("B", b)):
        facts = "; ".join(
            f"{k} {v}"
            for k, v in ev.run.describe()
            if k in ("backend", "model", "prompt_version", "git_hash")
        )
        lines.append(
            f"- **{label}**: {len(ev.run.extractions)} documents; {facts or 'no run record'}"
        )
    return [*lines, ""]


def _differences_table(diffs: list[Difference]) -> list[str]:
    header = ["measure", "A", "B", "B − A", "95% CI (paired)", "documents", "verdict"]
    return _table(header, [d.row() for d in diffs])


def compare_runs(run_a: Path, run_b: Path, gold_dir: Path | None = None) -> str:
    """Markdown: per-kind differences with paired intervals, per-document changes."""
    a = evaluate(Path(run_a), gold_dir)
    b = evaluate(Path(run_b), gold_dir)
    lines = _header(a, b)
    diffs = (gold_differences(a, b) if gold_dir is not None else []) + check_differences(a, b)
    lines += ["## Differences (B − A; the interval tells a real difference from noise)", ""]
    lines += [*_differences_table(diffs), ""]
    if gold_dir is not None:
        docs = _doc_rows(a, b)
        lines += ["## Documents whose F1 changed", ""]
        lines += (
            _table(["document", "kind", "A F1", "B F1", "B − A"], docs[:MAX_DOC_ROWS])
            if docs
            else ["No document's F1 changed."]
        )
        lines.append("")
    changes = item_changes(a, b)
    lines += ["## Items that changed (A's items matched to B's)", ""]
    lines += (
        _table(["document", "kind", "kept", "only in A", "only in B"], changes[:MAX_DOC_ROWS])
        if changes
        else ["The two runs extracted the same items."]
    )
    return "\n".join(lines).rstrip() + "\n"
