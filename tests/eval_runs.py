"""Run directories built from gold, for the eval tests: the oracle and perturbed oracles.

These are test doubles of `govx extract -o` output: each gold item copied into a
ReportExtraction and grounded with extract.grounding like the pipeline does.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from extract.documents import load_document
from extract.grounding import ground
from schemas.items import GlossaryTerm, Item, Measure
from schemas.report import GoldDocument, ReportExtraction, RunRecord, Section, SectionRole

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = ("targets", "results", "glossary")


def gold_documents(corpus: Path = CORPUS) -> list[GoldDocument]:
    return [
        GoldDocument.model_validate_json(p.read_text(encoding="utf-8"))
        for p in sorted((corpus / "gold").glob("*.json"))
    ]


def _grounded(items: list[Item] | list[GlossaryTerm], text: str) -> list[dict[str, object]]:
    whole = Section(index=0, heading="", role=SectionRole.other, start=0, end=len(text))
    return [ground(item, text, whole).model_dump(mode="json") for item in items]


def write_run(out: Path, docs: list[GoldDocument], corpus: Path = CORPUS) -> Path:
    """A run directory whose extractions are exactly `docs`' items, grounded."""
    out.mkdir(parents=True, exist_ok=True)
    record = RunRecord(backend="oracle", model="gold copy", prompt_version="n/a")
    for doc in docs:
        source = corpus / "texts" / f"{doc.doc_id}.txt"
        text = load_document(source).text
        extraction = {
            "doc_id": doc.doc_id,
            "source": str(source),
            "scope": doc.scope,
            "run": record.model_dump(mode="json"),
            **{kind: _grounded(getattr(doc, kind), text) for kind in KINDS},
        }
        ReportExtraction.model_validate(extraction)
        (out / f"{doc.doc_id}.json").write_text(json.dumps(extraction, ensure_ascii=False), "utf-8")
    (out / "run.json").write_text(record.model_dump_json(), encoding="utf-8")
    return out


@dataclass
class Perturbation:
    """What a perturbed oracle did, so the expected scores can be computed."""

    dropped: dict[tuple[str, str], int] = field(default_factory=dict)  # (doc, kind) -> n
    changed: dict[tuple[str, str], int] = field(default_factory=dict)
    invented: dict[tuple[str, str], int] = field(default_factory=dict)
    changed_labels: set[tuple[str, str]] = field(default_factory=set)  # (doc, quote)
    invented_labels: set[tuple[str, str]] = field(default_factory=set)


def _invented(kind: str, n: int) -> Item | GlossaryTerm:
    # Quotes no government report holds: the cross-check must call them inventions.
    if kind == "glossary":
        return GlossaryTerm(
            term=f"虚构术语{n}", definition="并不存在", quote=f"虚构术语{n}：并不存在"
        )
    return Item(
        indicator=f"虚构指标{n}",
        measure=Measure.level,
        value=9000 + n,
        unit="座",
        quote=f"虚构指标{n}达到{9000 + n}座",
    )


def _count(tally: dict[tuple[str, str], int], keys: list[tuple[str, str]]) -> None:
    for key in keys:
        tally[key] = tally.get(key, 0) + 1


def perturb(docs: list[GoldDocument], seed: int = 7) -> tuple[list[GoldDocument], Perturbation]:
    """Drop ~10% of items, change ~5% of values (x1.37: a value no quote holds), add
    invented items; record each act."""
    rng = random.Random(seed)
    log = Perturbation()
    out = []
    for doc in docs:
        lists: dict[str, list[Item] | list[GlossaryTerm]] = {}
        for kind in KINDS:
            kept: list[Item | GlossaryTerm] = []
            for item in getattr(doc, kind):
                roll = rng.random()
                key = (doc.doc_id, kind)
                keys = (
                    [key, (doc.doc_id, "main_targets")] if getattr(item, "main", False) else [key]
                )
                if roll < 0.10:
                    _count(log.dropped, keys)
                    continue
                if roll < 0.15 and isinstance(item, Item) and item.value not in (None, 0):
                    item = item.model_copy(update={"value": round(item.value * 1.37 + 0.11, 3)})
                    _count(log.changed, keys)
                    log.changed_labels.add((doc.doc_id, item.quote))
                kept.append(item)
            if rng.random() < 0.3:
                fake = _invented(kind, len(log.invented_labels))
                kept.append(fake)
                log.invented[(doc.doc_id, kind)] = log.invented.get((doc.doc_id, kind), 0) + 1
                log.invented_labels.add((doc.doc_id, fake.quote))
            lists[kind] = kept  # type: ignore[assignment]
        out.append(doc.model_copy(update=lists))
    return out, log


def expected_counts(log: Perturbation, gold: GoldDocument) -> dict[str, tuple[int, int, int]]:
    """(tp, fp, fn) per kind that a run of `gold` perturbed as `log` says must score."""
    sizes = {
        "targets": len(gold.targets),
        "results": len(gold.results),
        "glossary": len(gold.glossary),
        "main_targets": sum(t.main for t in gold.targets),
    }
    out = {}
    for kind, gold_n in sizes.items():
        key = (gold.doc_id, kind)
        dropped, changed = log.dropped.get(key, 0), log.changed.get(key, 0)
        invented = log.invented.get(key, 0)
        # a changed value is both a miss (its gold item) and a false positive (the new figure)
        out[kind] = (gold_n - dropped - changed, changed + invented, dropped + changed)
    return out
