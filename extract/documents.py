"""A report file in, a Document out: original text, normalized text, sections.

`read_text` picks the reader by what the bytes are (a .txt that is really a
PDF still reads), falling back on the file name. Every failure is an InputError
whose one-line message names the file and what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from extract.encoding import decode_bytes
from extract.formats import docx_text, html_charset, html_text, pdf_text
from extract.normalize import NormalizedText, normalize
from extract.regions import Region, resolve_region
from extract.sections import split_sections
from extract.years import find_title
from schemas.errors import InputError
from schemas.report import Section

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta)", re.I)
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7z archive",
}
_OLE = b"\xd0\xcf\x11\xe0"  # old binary .doc/.xls
SUPPORTED = "a .txt, .html, .pdf or .docx file"
# A work report is under 0.1 million characters (the largest seen: 100 KB of text).
# Ten times that is still one report; beyond it the file is many reports glued
# together or not a report, and sectioning time grows faster than the text.
MAX_TEXT_CHARS = 1_000_000
MAX_FILE_BYTES = 200_000_000  # checked before reading: PDFs with images run large


@dataclass(frozen=True)
class Document:
    path: Path
    doc_id: str
    raw: str
    norm: NormalizedText
    sections: list[Section]
    title: str | None
    report_year: int | None
    region: Region | None  # resolved against the national division list

    @property
    def text(self) -> str:
        """The normalized text; every offset in sections and items refers to it."""
        return self.norm.text

    def section_text(self, section: Section) -> str:
        return self.norm.text[section.start : section.end]


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give {SUPPORTED}")
    if not path.is_file():  # reading a named pipe or a device would block or never end
        raise InputError(f"{path} is not a regular file (a pipe or device?); give {SUPPORTED}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(
            f"{path} is {path.stat().st_size / 1e6:.0f} MB, too large for one report "
            f"(limit {MAX_FILE_BYTES / 1e6:.0f} MB); split it into one file per report"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror}); check its permissions") from exc
    if not data.strip():
        raise InputError(f"{path} is empty; give a file with the report's text")
    return data


def _kind(path: Path, data: bytes) -> str:
    """pdf, docx, html or txt, by content first and file name second."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if path.suffix.lower() == ".docx" or b"word/" in data[:4096]:
            return "docx"
        raise InputError(f"{path} is a zip archive, not a report; unpack it and give {SUPPORTED}")
    if data.startswith(_OLE):
        raise InputError(f"{path} is an old binary Word/Excel file; save it as .docx and retry")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{path} is {what}, not a report; give {SUPPORTED}")
    if path.suffix.lower() in (".html", ".htm", ".xhtml", ".shtml") or _HTML_START.match(data):
        return "html"
    if path.suffix.lower() in (".pdf", ".docx"):
        raise InputError(f"{path} is not a valid {path.suffix.lower()} file; re-save it and retry")
    return "txt"


def read_text(path: Path) -> str:
    """Decoded original text of a txt/html/pdf/docx report; InputError when unreadable."""
    path = Path(path)
    data = _read_bytes(path)
    kind = _kind(path, data)
    name = str(path)
    if kind == "pdf":
        text = pdf_text(data, name)
    elif kind == "docx":
        text = docx_text(data, name)
    elif kind == "html":
        text = html_text(_decode_html(data, name), name)
    else:
        text = decode_bytes(data, name)
    if not text.strip():
        raise InputError(f"{path} has no text; give a file with the report's text")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"{path} holds {len(text) / 1e6:.1f} million characters, more than one report "
            f"(limit {MAX_TEXT_CHARS / 1e6:g} million); split it into one file per report"
        )
    return text


def _decode_html(data: bytes, name: str) -> str:
    charset = html_charset(data)
    if charset in ("gb2312", "gbk", "x-gbk"):
        charset = "gb18030"  # pages labelled gb2312 routinely use GBK/GB18030 characters
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall back on detection
    return decode_bytes(data, name)


def load_document(path: Path) -> Document:
    """Read, normalize and section one report file."""
    path = Path(path)
    raw = read_text(path)
    norm = normalize(raw)
    if not norm.text.strip():
        raise InputError(f"{path} has no report text after cleaning; check it is the report")
    sections, report_year = split_sections(norm)
    title = find_title(norm.text)
    return Document(
        path=path,
        doc_id=path.stem,
        raw=raw,
        norm=norm,
        sections=sections,
        title=title,
        report_year=report_year,
        region=resolve_region(title, norm.text),
    )
