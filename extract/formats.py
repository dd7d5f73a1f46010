"""Text out of HTML pages, PDF files and Word (.docx) files.

HTML: trafilatura keeps the article's text, figures and tables and drops
scripts, navigation and page furniture. PDF: pypdf (good Chinese text, column
order kept). DOCX: python-docx's iter_inner_content, so tables come out in
document order (one row a line, cells separated by tabs).
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile

from schemas.errors import InputError

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.I)


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def html_text(html: str, name: str) -> str:
    """Article text of a page, its <title> first when the text does not start with it."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    text = trafilatura.extract(
        html,
        include_tables=True,
        include_comments=False,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not text:
        text = _plain_html_text(html)
    title = _page_title(html)
    if title and title not in text[:500]:
        text = f"{title}\n{text}"
    return text


def _page_title(html: str) -> str | None:
    match = _TITLE.search(html)
    if not match:
        return None
    import html as html_lib

    title = re.sub(r"\s+", " ", html_lib.unescape(match.group(1))).strip()
    return title or None


def _plain_html_text(html: str) -> str:
    """Fallback when trafilatura finds no article: all visible text."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//nav|//header|//footer|//noscript"):
        bad.drop_tree()
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def pdf_text(data: bytes, name: str) -> str:
    """Text layer of a PDF, pages joined by newlines."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about harmless quirks of real files
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(f"{name} is a password-protected PDF; remove the password first")
            pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise InputError(
            f"{name} is not a readable PDF ({type(exc).__name__}); re-save it or give a .txt copy"
        ) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(
            f"{name} has no text layer (a scanned PDF?); run OCR on it (e.g. ocrmypdf) "
            "or give a .txt copy"
        )
    return text


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs and table rows of a .docx in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(
            f"{name} is not a readable .docx ({type(exc).__name__}); re-save it from Word as .docx"
        ) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_rows(block))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _table_rows(table: object) -> list[str]:
    from docx.table import Table

    assert isinstance(table, Table)
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        rows.append("\t".join(cells))
    return rows
