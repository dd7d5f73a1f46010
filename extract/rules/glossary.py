"""Glossary terms: the entries of a 名词解释 list and footnote explanations (`【9】…`).

A list entry is `N.term：definition` on its own line; the list must be announced
(名词解释, 名词注释, 小词典 …) or sit in a glossary section, so numbered plan items
(`1.地区生产总值增长…`) are never read as terms.
"""

from __future__ import annotations

import re

from schemas.items import GlossaryTerm

_ENTRY = re.compile(
    r"^[ \t\u3000]*(?P<num>[0-9]{1,3})[.、．][ \t\u3000]*(?P<term>[^:：\n]{1,40}?)[ \t\u3000]*[:：]"
    r"(?P<definition>[^\n]*)",
    re.MULTILINE,
)
_FOOTNOTE = re.compile(
    r"^[ \t\u3000]*[【\[](?P<num>[0-9]{1,3})[】\]][ \t\u3000]*(?:(?P<term>[^:：\n]{1,40}?)[:：])?"
    r"(?P<definition>[^\n]+)",
    re.MULTILINE,
)
_ANNOUNCED = re.compile(r"名\s*词\s*解\s*释|名词注释|名词解析|小词典|词语解释|注\s*释|释\s*义|附件")
_QUOTE_CHARS = 24  # the quote holds the term and the start of its definition


def glossary_entries(
    text: str, is_glossary_section: bool, offset: int = 0
) -> list[tuple[int, int, GlossaryTerm]]:
    """(start, end, term) of each entry in `text`; the spans' numbers are not figures."""
    return _entries(text, is_glossary_section, offset)


def _entries(
    text: str, is_glossary_section: bool, offset: int = 0
) -> list[tuple[int, int, GlossaryTerm]]:
    found: list[tuple[int, int, GlossaryTerm]] = []
    for run in _runs(text):
        first = run[0]
        announced = _ANNOUNCED.search(text[max(0, first.start() - 300) : first.start()])
        if not (announced or is_glossary_section):
            continue
        found.extend(_term(text, entry, offset) for entry in run)
    if "【" not in text and "[" not in text:
        return found  # no footnote mark: spares the line-by-line regex scan of every section
    for note in _FOOTNOTE.finditer(text):
        term = note.group("term") or _marked_term(text, note.group("num"), note.start())
        if term:
            found.append(_make(text, note, term.strip(), offset))
    return found


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Entries numbered 1, 2, 3 … in order; a lone `1.` line is not a list."""
    runs: list[list[re.Match[str]]] = []
    for entry in _ENTRY.finditer(text):
        number = int(entry.group("num"))
        if runs and number == int(runs[-1][-1].group("num")) + 1:
            runs[-1].append(entry)
        elif number == 1:
            runs.append([entry])
    return [run for run in runs if len(run) >= 2]


def _term(text: str, entry: re.Match[str], offset: int) -> tuple[int, int, GlossaryTerm]:
    return _make(text, entry, entry.group("term").strip(), offset)


def _make(text: str, entry: re.Match[str], term: str, offset: int) -> tuple[int, int, GlossaryTerm]:
    definition = entry.group("definition").strip()
    quote_start = entry.start("term") if entry.group("term") else entry.start("definition")
    def_start = entry.start("definition")
    quote_end = min(entry.end("definition"), def_start + _QUOTE_CHARS)
    item = GlossaryTerm(
        term=term,
        number=int(entry.group("num")),
        definition=definition,
        quote=text[quote_start:quote_end],
        start=offset + quote_start,
        end=offset + quote_end,
    )
    return entry.start(), entry.end(), item


def _marked_term(text: str, number: str, before: int) -> str | None:
    """The words right before a `【9】` mark in the body: the term it explains."""
    mark = re.compile(rf"([^，,。；;：:、\s【】]{{1,20}})[【\[]{number}[】\]]")
    for found in mark.finditer(text, 0, before):
        return found.group(1)
    return None
