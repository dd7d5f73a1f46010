"""Loading a gold corpus: CORPUS/gold/<doc_id>.json (GOLD.md), texts beside it if present."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from schemas.errors import InputError
from schemas.report import GoldDocument

SCOPES = ("all", "main_targets", "glossary")


@dataclass(frozen=True)
class GoldCorpus:
    """Gold documents by doc_id, and where their texts are (texts are optional)."""

    root: Path
    documents: dict[str, GoldDocument]
    texts_dir: Path | None = None
    problems: list[str] = field(default_factory=list)

    def text_path(self, doc_id: str) -> Path | None:
        if self.texts_dir is None:
            return None
        path = self.texts_dir / f"{doc_id}.txt"
        return path if path.is_file() else None


def _gold_folder(corpus_dir: Path) -> Path:
    if not corpus_dir.is_dir():
        raise InputError(
            f"gold corpus {corpus_dir} does not exist; pass --gold a folder with gold/"
        )
    folder = corpus_dir / "gold"
    if not folder.is_dir() and corpus_dir.name == "gold":
        raise InputError(
            f"{corpus_dir} looks like a gold/ folder itself; pass --gold {corpus_dir.parent}"
        )
    if not folder.is_dir():
        raise InputError(
            f"{corpus_dir} has no gold/ folder; pass --gold the corpus folder holding gold/*.json"
        )
    return folder


def load_gold_file(path: Path) -> GoldDocument:
    """One gold file; a broken one is an InputError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        doc = GoldDocument.model_validate(data)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise InputError(
            f"gold file {path} is not valid gold JSON ({first}); fix it or remove it"
        ) from exc
    if doc.scope not in SCOPES:
        raise InputError(
            f"gold file {path} has scope {doc.scope!r}; use one of {', '.join(SCOPES)}"
        )
    return doc


def load_gold(corpus_dir: Path) -> GoldCorpus:
    """Every gold/*.json of `corpus_dir`, keyed by doc_id."""
    folder = _gold_folder(Path(corpus_dir))
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise InputError(
            f"{folder} holds no gold/*.json files; pass --gold a corpus with gold files"
        )
    documents: dict[str, GoldDocument] = {}
    problems: list[str] = []
    for path in paths:
        doc = load_gold_file(path)
        if doc.doc_id != path.stem:
            # Predictions are found by doc_id; a mismatch would silently score nothing.
            problems.append(f"{path.name}: doc_id {doc.doc_id!r} differs from the file name")
        documents[doc.doc_id] = doc
    texts = Path(corpus_dir) / "texts"
    return GoldCorpus(Path(corpus_dir), documents, texts if texts.is_dir() else None, problems)
