"""The run directory: one JSON per document, written atomically, plus run records.

Output names come only from input stems, cleaned, so a crafted file name cannot
write outside the run directory; a finished document's file is what marks it done.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import tempfile
from pathlib import Path

from schemas.errors import InputError

RUN_RECORD = "run.json"
RUN_HISTORY = "runs.jsonl"
# What produced a run, in the order every export and report shows it.
RUN_IDENTITY = ("backend", "model", "mode", "prompt_version", "govx_version", "git_hash")
_UNSAFE = re.compile(r"[^\w\-.]+|\.{2,}")  # also "..": harmless inside, alarming to read
# file names are limited to 255 bytes; the temporary file adds a dot, ".json" and a
# random part, and a "-2" may follow: 150 bytes of stem leave room for all of them
MAX_STEM_BYTES = 150
_RESERVED = {"run", "runs", "index"}  # names of the run's own files


def output_stems(inputs: list[Path]) -> list[str]:
    """A distinct, safe stem per input (a.txt and a.pdf become a and a-2)."""
    taken: set[str] = set()
    stems = []
    for path in inputs:
        base = _safe_stem(path)
        stem, n = base, 1
        while stem.lower() in taken or stem.lower() in _RESERVED:
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem.lower())
        stems.append(stem)
    return stems


def _safe_stem(path: Path) -> str:
    """The input's stem with anything but letters, digits, - _ . replaced, cut to
    MAX_STEM_BYTES of UTF-8 (never inside a character)."""
    stem = _UNSAFE.sub("_", path.stem).lstrip(".")
    return stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore") or "document"


def prepare(out_dir: Path) -> Path:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create run directory {out_dir}: {exc.strerror}; choose another -o"
        ) from exc
    return out_dir.resolve()


def document_path(out_dir: Path, stem: str, suffix: str = ".json") -> Path:
    path = (out_dir / f"{stem}{suffix}").resolve()
    if path.parent != out_dir.resolve():  # defence in depth: stems are already cleaned
        raise InputError(f"refusing to write {path} outside {out_dir}")
    return path


def plan_outputs(out_dir: Path, inputs: list[Path]) -> list[tuple[Path, Path, bool]]:
    """(input, its JSON in `out_dir`, already done there?) for every input, in order.

    A finished JSON belongs to the input it was made from (its `source`): when a
    same-named report from another folder joins a later run, it takes the next
    free name instead of passing for the one already done. A JSON whose source is
    gone is claimed by an input of the same file name (the folder was moved).
    """
    owners = {p.stem: source for p in extraction_files(out_dir) if (source := _source_of(p))}
    stem_of = {source: stem for stem, source in owners.items()}
    taken = {stem_of[str(path)].lower() for path in inputs if str(path) in stem_of}
    planned = []
    for path in inputs:
        stem = stem_of.get(str(path))
        if stem is None:
            stem = _free_stem(path, owners, taken)
            taken.add(stem.lower())
        owner = owners.get(stem)
        planned.append((path, document_path(out_dir, stem), owner is not None))
    return planned


def _free_stem(path: Path, owners: dict[str, str], taken: set[str]) -> str:
    base = _safe_stem(path)
    for n in itertools.count(1):
        stem = base if n == 1 else f"{base}-{n}"
        if stem.lower() in taken or stem.lower() in _RESERVED:
            continue
        owner = owners.get(stem)
        if owner is None or (not Path(owner).exists() and Path(owner).name == path.name):
            return stem
    raise AssertionError("unreachable")


def _source_of(path: Path) -> str | None:
    """The input a finished JSON was made from; None if torn (never finished)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return str(data.get("source") or path) if isinstance(data, dict) and "doc_id" in data else None


def write_atomic(path: Path, data: str | bytes) -> None:
    """Temporary file in the same folder, fsync, rename: readers see all or nothing."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_run_record(out_dir: Path, record: dict[str, object]) -> None:
    text = json.dumps(record, ensure_ascii=False, indent=2)
    write_atomic(out_dir / RUN_RECORD, text + "\n")
    with (out_dir / RUN_HISTORY).open("a", encoding="utf-8") as history:
        history.write(json.dumps(record, ensure_ascii=False) + "\n")


def extraction_files(out_dir: Path) -> list[Path]:
    """The per-document JSON files of a run directory."""
    return sorted(p for p in out_dir.glob("*.json") if p.name != RUN_RECORD)
