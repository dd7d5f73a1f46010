"""Which files a user meant: files, folders (reports inside them) and glob patterns."""

from __future__ import annotations

import glob
from pathlib import Path

from schemas.errors import InputError

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx")


def expand_inputs(paths: list[str]) -> list[Path]:
    """Every report file named by `paths`, in a stable order, each once."""
    found: list[Path] = []
    for given in paths:
        found += _expand_one(given)
    unique = list(dict.fromkeys(p.resolve() for p in found))
    if not unique:
        raise InputError(
            f"no reports found in {', '.join(paths)}; give .txt, .html, .pdf or .docx files "
            "or a folder holding them"
        )
    return unique


def _expand_one(given: str) -> list[Path]:
    path = Path(given)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if _is_report(p))
    if path.exists():
        return [path]
    if glob.has_magic(given):
        return sorted(p for p in map(Path, glob.glob(given, recursive=True)) if _is_report(p))
    raise InputError(f"{given}: no such file or folder; check the path")


def _is_report(path: Path) -> bool:
    return (
        path.is_file() and path.suffix.lower() in REPORT_SUFFIXES and not path.name.startswith(".")
    )
