"""CSV downloads that open cleanly in Excel and cannot run formulas there.

- UTF-8 with a byte-order mark, so Excel reads accents (Montréal) correctly;
- every cell quoted as the csv module decides (commas, quotes, line breaks);
- a cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return, which
  spreadsheets also strip before reading a formula) gets a leading ``'``: text a listing's
  author typed can never become a formula on a professional's computer (CSV injection).
  Numbers written by the application itself (distances, counts) are left as numbers.
- streamed line by line, with a ``Content-Disposition`` file name.

``formula_safe`` is the one protection every CSV this project writes uses, the HSDS
datapackage export (``directory.hsds.exporter``) included; ``formula_unguarded`` undoes it
for the importer reading a datapackage back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from flask import Response, stream_with_context

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def formula_safe(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def formula_unguarded(text: str) -> str:
    """The text ``formula_safe`` was given (a cell of our own CSV, read back)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def safe_cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    return formula_safe(str(value))


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """The byte-order mark and header, then one CSV line per row (CRLF, as Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: Sequence[Cell]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield BOM + line(header)
    for row in rows:
        yield line(row)


def csv_response(
    lines: Iterable[str], filename: str, headers: dict[str, str] | None = None
) -> Response:
    """A streamed CSV download; ``lines`` may keep using the database while it streams."""
    return Response(
        stream_with_context(iter(lines)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', **(headers or {})},
    )
