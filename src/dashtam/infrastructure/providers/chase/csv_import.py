"""Chase's two CSV exports: checking/savings and credit card.

Both are recognised by their header row (column names, trimmed; order free, since
each cell is read by its column's name). Chase ends every checking row with an
extra comma, so a row may have one more field than the header when that field is
empty. Cells are data, never formulas: ``=cmd|...`` stays the text it is, and a
description with markup is kept verbatim (the docs and UI escape it). Surrounding
whitespace of every cell is trimmed.

Every row is checked and every problem reported at once; nothing is returned from
a file with a problem.

Credit card rows carry two dates; ``posted_on`` is the *Post Date* (Dashtam's
posted date everywhere), and the *Transaction Date* is checked but not kept, since
:class:`~dashtam.domain.providers.models.Transaction` has no field for it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from dashtam.domain.providers import ImportFormat
from dashtam.domain.providers.models import Transaction
from dashtam.infrastructure.providers.chase.ids import IdMaker
from dashtam.infrastructure.providers.chase.model import CSV_HEADERS, ChaseLayout, ImportedFile
from dashtam.infrastructure.providers.chase.problems import (
    ChaseImportError,
    ProblemLog,
    control_character_problem,
    quote,
    rejection,
)
from dashtam.infrastructure.providers.chase.values import parse_amount, parse_us_date

#: Chase's CSV exports are in US dollars; the files do not say so.
CURRENCY: Final = "USD"

_DATE_HINT: Final = "expected MM/DD/YYYY, e.g. 11/03/2026"
_AMOUNT_HINT: Final = "expected a number such as -5.75 or 1,234.56"


def expected_headers_text() -> str:
    """Both accepted header rows, for messages that tell the user what a file must start with."""
    return "; ".join(
        f"{layout.label}: {','.join(columns)}" for layout, columns in CSV_HEADERS.items()
    )


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    cells: Sequence[str]


def _rows(text: str) -> Iterator[_Row]:
    """Non-blank CSV records with the 1-based line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            message = f"the CSV is malformed ({error}); download it from Chase again"
            raise rejection(message, line=start) from None
        if any(cell.strip() for cell in cells):
            yield _Row(start, cells)


def detect_layout(header: Sequence[str]) -> ChaseLayout | None:
    """The layout whose header row is exactly ``header`` (cells trimmed), if any."""
    names = _header_names(header)
    for layout, columns in CSV_HEADERS.items():
        if sorted(names) == sorted(columns):
            return layout
    return None


def _header_names(header: Sequence[str]) -> list[str]:
    names = [cell.strip() for cell in header]
    while names and not names[-1]:
        names.pop()
    return names


def closest_layout(header: Sequence[str]) -> tuple[ChaseLayout, list[str], list[str]] | None:
    """The layout ``header`` most resembles, with its missing and unexpected columns.

    ``None`` unless the row has at least half of a layout's columns: another bank's
    ``Date,Description,Amount`` is not a damaged Chase export, and is better told
    which header rows Dashtam reads than which Chase columns it lacks.
    """
    names = _header_names(header)
    best: tuple[int, ChaseLayout, list[str], list[str]] | None = None
    for layout, columns in CSV_HEADERS.items():
        shared = len(set(names) & set(columns))
        if shared * 2 < len(columns):
            continue
        missing = [column for column in columns if column not in names]
        unexpected = [name for name in names if name not in columns]
        if best is None or shared > best[0]:
            best = (shared, layout, missing, unexpected)
    return None if best is None else best[1:]


def header_problem(header: Sequence[str]) -> str | None:
    """What is wrong with a header row that resembles a Chase layout but is not one."""
    found = closest_layout(header)
    if found is None:
        return None
    layout, missing, unexpected = found
    names = _header_names(header)
    duplicated = sorted({name for name in names if names.count(name) > 1})
    parts = []
    if missing:
        parts.append(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if unexpected:
        shown = ", ".join(quote(name) for name in unexpected)
        parts.append(f"unexpected column{'s' if len(unexpected) > 1 else ''} {shown}")
    if duplicated:
        parts.append(f"repeated column{'s' if len(duplicated) > 1 else ''} {', '.join(duplicated)}")
    return (
        f"the header row looks like a Chase {layout.label} export but has "
        f"{'; '.join(parts)}. Expected exactly: {','.join(CSV_HEADERS[layout])}. "
        "Re-download the file from Chase without editing its header"
    )


def first_record(text: str) -> tuple[int, list[str]] | None:
    """The first non-blank CSV record and its line, or ``None`` when it is not CSV at all."""
    try:
        for row in _rows(text):
            return row.line, list(row.cells)
    except ChaseImportError:
        return None
    return None


def parse_csv(text: str, *, account_id: str, layout: ChaseLayout) -> ImportedFile:
    """Every transaction of a Chase CSV export whose header matched ``layout``."""
    rows = _rows(text)
    header_row = next(rows)
    columns = CSV_HEADERS[layout]
    names = _header_names(header_row.cells)
    position = {name: names.index(name) for name in columns}
    problems = ProblemLog()
    ids = IdMaker(account_id, layout)
    read_row = _read_checking if layout is ChaseLayout.CHECKING else _read_credit_card
    transactions: list[Transaction] = []
    for row in rows:
        if not _has_expected_width(row, len(names), problems):
            continue
        cells = {name: row.cells[index].strip() for name, index in position.items()}
        if _has_control_characters(cells, row.line, problems):
            continue
        transaction = read_row(cells, row.line, problems, account_id, ids)
        if transaction is not None:
            transactions.append(transaction)
    if not transactions and not problems:
        problems.add(
            None,
            "the file has a header row but no transactions; download a date range "
            "that has activity",
        )
    problems.raise_if_any()
    return ImportedFile(
        format=ImportFormat.CSV,
        layout=layout,
        account_id=account_id,
        transactions=tuple(transactions),
    )


def _has_expected_width(row: _Row, width: int, problems: ProblemLog) -> bool:
    count = len(row.cells)
    # Chase's checking export ends each row with a comma: one extra, empty field.
    if count == width or (count == width + 1 and not row.cells[-1].strip()):
        return True
    problems.add(
        row.line,
        f"the row has {count} field{'s' if count != 1 else ''} but the header has {width} "
        "columns; a description containing a comma must be in double quotes",
    )
    return False


def _has_control_characters(cells: Mapping[str, str], line: int, problems: ProblemLog) -> bool:
    found = False
    for column, value in cells.items():
        problem = control_character_problem(column, value)
        if problem is not None:
            problems.add(line, problem)
            found = True
    return found


def _date(cells: Mapping[str, str], column: str, line: int, problems: ProblemLog) -> date | None:
    value = parse_us_date(cells[column])
    if value is None:
        shown = quote(cells[column]) if cells[column] else "empty"
        problems.add(line, f"{column} {shown} is not a date; {_DATE_HINT}")
    return value


def _amount(
    cells: Mapping[str, str], column: str, line: int, problems: ProblemLog, *, optional: bool
) -> Decimal | None:
    text = cells[column]
    if optional and not text:
        return None
    value = parse_amount(text)
    if value is None:
        shown = quote(text) if text else "empty"
        problems.add(line, f"{column} {shown} is not an amount; {_AMOUNT_HINT}")
    return value


def _read_checking(
    cells: Mapping[str, str], line: int, problems: ProblemLog, account_id: str, ids: IdMaker
) -> Transaction | None:
    errors_before = len(problems)
    posted_on = _date(cells, "Posting Date", line, problems)
    amount = _amount(cells, "Amount", line, problems, optional=False)
    balance = _amount(cells, "Balance", line, problems, optional=True)
    kind = cells["Type"] or cells["Details"]
    if not kind:
        problems.add(line, "Type and Details are both empty; one must name the transaction type")
    if posted_on is None or amount is None or len(problems) != errors_before:
        return None
    check_number = cells["Check or Slip #"] or None
    key = (
        cells["Details"],
        posted_on,
        cells["Description"],
        amount,
        kind,
        balance,
        check_number,
    )
    return Transaction(
        provider_transaction_id=ids.next_id(key),
        account_id=account_id,
        posted_on=posted_on,
        amount=amount,
        currency=CURRENCY,
        description=cells["Description"],
        transaction_type=kind,
        check_number=check_number,
        balance_after=balance,
    )


def _read_credit_card(
    cells: Mapping[str, str], line: int, problems: ProblemLog, account_id: str, ids: IdMaker
) -> Transaction | None:
    errors_before = len(problems)
    transacted_on = _date(cells, "Transaction Date", line, problems)
    posted_on = _date(cells, "Post Date", line, problems)
    amount = _amount(cells, "Amount", line, problems, optional=False)
    if not cells["Type"]:
        problems.add(line, "Type is empty; expected Chase's type such as Sale or Payment")
    if posted_on is None or amount is None or len(problems) != errors_before:
        return None
    key = (
        transacted_on,
        posted_on,
        cells["Description"],
        cells["Category"],
        cells["Type"],
        amount,
        cells["Memo"],
    )
    return Transaction(
        provider_transaction_id=ids.next_id(key),
        account_id=account_id,
        posted_on=posted_on,
        amount=amount,
        currency=CURRENCY,
        description=cells["Description"],
        transaction_type=cells["Type"],
        category=cells["Category"] or None,
        memo=cells["Memo"] or None,
    )
