"""Workbooks people open in Excel: header row frozen, numbers as numbers, text as text.

Shared by the item tables (extract.outputs) and the panel (eval.panel).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

# Characters openpyxl refuses (XML 1.0 forbids them); a stray one in a scraped
# report must not lose the whole workbook.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_WIDTH = 60

Sheet = tuple[Sequence[str], Sequence[Mapping[str, Any]]]


def workbook_bytes(sheets: Mapping[str, Sheet]) -> bytes:
    """An .xlsx file with one sheet per entry: (column names, rows as dicts)."""
    from openpyxl import Workbook  # lazy: only xlsx output pays for it

    book = Workbook()
    book.remove(book.active)
    for title, (columns, rows) in sheets.items():
        sheet = book.create_sheet(title=title)
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_cell(row.get(c)) for c in columns])
        _text_stays_text(sheet)
        sheet.freeze_panes = "A2"
        _fit_widths(sheet, columns, rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple | dict):
        value = "; ".join(map(str, value)) if not isinstance(value, dict) else str(value)
    return _ILLEGAL.sub("", str(value))


def _text_stays_text(sheet: Any) -> None:
    # openpyxl stores a string starting with "=" as a formula; a quote is never one.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _fit_widths(sheet: Any, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> None:
    from openpyxl.utils import get_column_letter

    for index, name in enumerate(columns, start=1):
        longest = max([len(name), *(_display_len(r.get(name)) for r in rows[:200])])
        sheet.column_dimensions[get_column_letter(index)].width = min(_MAX_WIDTH, longest + 2)


def _display_len(value: Any) -> int:
    text = "" if value is None else str(value)
    # CJK characters take two columns in Excel's default fonts.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
