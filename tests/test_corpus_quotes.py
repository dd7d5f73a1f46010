"""Issue 2 acceptance: every gold quote is found in the normalized corpus text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.documents import load_document
from extract.normalize import squash
from extract.pinyin import PINYIN_NOTES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

pytestmark = pytest.mark.corpus


def _quotes(gold: dict[str, list[dict[str, object]]]) -> list[str]:
    return [
        str(item["quote"])
        for kind in ("targets", "results", "glossary")
        for item in gold.get(kind, [])
    ]


def test_every_gold_quote_is_in_the_normalized_text() -> None:
    missing, total = [], 0
    for gold_path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = squash(load_document(CORPUS / "texts" / f"{gold['doc_id']}.txt").text)
        for quote in _quotes(gold):
            total += 1
            if squash(quote) not in text:
                missing.append(f"{gold['doc_id']}: {quote}")
    assert total > 1000
    assert missing == []


def test_no_pinyin_note_remains() -> None:
    for path in sorted((CORPUS / "texts").glob("*.txt")):
        assert PINYIN_NOTES.search(load_document(path).text) is None, path.name
