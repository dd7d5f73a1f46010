"""Loading a run directory: RUN_DIR/<stem>.json (ReportExtraction) and RUN_DIR/run.json."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extract.rundir import RUN_IDENTITY, RUN_RECORD, extraction_files
from schemas.errors import InputError
from schemas.report import ReportExtraction

# What a report shows about the run, in this order, when run.json has it.
RECORD_FIELDS = (*RUN_IDENTITY, "base_url_host", "started_at")


@dataclass(frozen=True)
class Run:
    """The extractions of one run, keyed by doc_id, and what produced them."""

    path: Path
    extractions: dict[str, ReportExtraction]
    record: dict[str, Any]
    stems: dict[str, str] = field(default_factory=dict)  # doc_id -> file stem
    problems: list[str] = field(default_factory=list)

    def describe(self) -> list[tuple[str, str]]:
        """(label, value) rows saying what was measured; missing facts say so."""
        return describe_record(self.record)


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _load_record(run_dir: Path, extractions: dict[str, ReportExtraction]) -> dict[str, Any]:
    """run.json if readable; else the run record stored in the first extraction."""
    path = run_dir / RUN_RECORD
    try:
        data = _read_json(path)
        if isinstance(data, dict):
            return data
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        pass
    for extraction in extractions.values():
        return {"source": "document record (no readable run.json)", **extraction.run.model_dump()}
    return {}


def _load_extraction(path: Path) -> ReportExtraction | str:
    try:
        return ReportExtraction.model_validate(_read_json(path))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return f"{path.name}: unreadable ({type(exc).__name__})"
    except ValidationError as exc:
        return f"{path.name}: not an extraction ({exc.error_count()} schema errors)"


def load_run(run_dir: Path) -> Run:
    """Every extraction JSON of `run_dir`; files that are not extractions are listed, not fatal."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise InputError(
            f"run directory {run_dir} does not exist; pass the folder of `govx extract -o`"
        )
    extractions: dict[str, ReportExtraction] = {}
    stems: dict[str, str] = {}
    problems: list[str] = []
    for path in extraction_files(run_dir):
        loaded = _load_extraction(path)
        if isinstance(loaded, str):
            problems.append(loaded)
            continue
        if loaded.doc_id in extractions:
            problems.append(f"{path.name}: doc_id {loaded.doc_id!r} seen twice; kept the first")
            continue
        extractions[loaded.doc_id] = loaded
        stems[loaded.doc_id] = path.stem
    if not extractions:
        raise InputError(
            f"{run_dir} holds no extraction JSON; run `govx extract FILES -o {run_dir}` first"
        )
    record = _load_record(run_dir, extractions)
    return Run(run_dir, extractions, record, stems, problems + failed_documents(record))


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, "", 0, {}))
    return str(value)


def _documents_row(record: dict[str, Any]) -> list[tuple[str, str]]:
    docs = record.get("documents")
    if not isinstance(docs, dict):
        return []
    counts = [f"{len(v)} {k}" for k, v in docs.items() if isinstance(v, list)]
    return [("documents", ", ".join(counts))] if counts else []


def failed_documents(record: dict[str, Any]) -> list[str]:
    """Documents the run itself could not extract (run.json `documents.failed`)."""
    docs = record.get("documents")
    failed = docs.get("failed") if isinstance(docs, dict) else None
    if not isinstance(failed, list):
        return []
    return [
        f"{f.get('input', '?')}: failed in the run ({f.get('reason', 'no reason given')})"
        for f in failed
        if isinstance(f, dict)
    ]


def describe_record(record: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [(name, _short(record[name])) for name in RECORD_FIELDS if record.get(name)]
    rows += _documents_row(record)
    for name in ("usage", "timings", "config"):
        if isinstance(record.get(name), dict) and _short(record[name]):
            rows.append((name, _short(record[name])))
    if not rows:
        rows.append(("run", "no run record (run.json missing or empty)"))
    return rows
