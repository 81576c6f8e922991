"""Properties: any valid Chase CSV round-trips exactly; no input raises anything unexpected."""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from chase_files import CARD_HEADER, CHECKING_HEADER, OFX, QFX, QFX_ACCOUNT_NUMBER
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dashtam.domain.providers.errors import InvalidFileError
from dashtam.infrastructure.providers.chase import (
    CSV_HEADERS,
    ChaseLayout,
    ImportedFile,
    parse_chase_file,
)

# No deadline: a slow CI machine must not turn into a failing property.
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Control characters and bidirectional controls are refused (tested on their own).
cell_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    max_size=40,
)
amounts = st.decimals(
    min_value=Decimal("-999999999.99"),
    max_value=Decimal("999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


@dataclass(frozen=True)
class Row:
    posted_on: date
    transacted_on: date
    description: str
    amount: Decimal
    category: str
    memo: str
    check_number: str


rows = st.builds(
    Row,
    posted_on=dates,
    transacted_on=dates,
    description=cell_text,
    amount=amounts,
    category=cell_text,
    memo=cell_text,
    check_number=st.from_regex(r"[0-9]{0,6}", fullmatch=True),
)


def _spell(amount: Decimal, style: int) -> str:
    """Chase-like spellings of one amount: plain, grouped thousands, with a dollar sign."""
    plain = f"{amount:.2f}"
    if style == 0:
        return plain
    grouped = f"{amount:,.2f}"
    if style == 1:
        return grouped
    return f"-${grouped[1:]}" if amount < 0 else f"${grouped}"


def _us(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def _write(layout: ChaseLayout, items: list[Row], style: int, quote_all: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(CSV_HEADERS[layout])
    for row in items:
        amount = _spell(row.amount, style)
        if layout is ChaseLayout.CHECKING:
            kind = "DEBIT" if row.amount < 0 else "CREDIT"
            # Chase's trailing comma: one extra, empty field.
            cells = [
                kind,
                _us(row.posted_on),
                row.description,
                amount,
                "ACH",
                "",
                row.check_number,
                "",
            ]
        else:
            cells = [
                _us(row.transacted_on),
                _us(row.posted_on),
                row.description,
                row.category,
                "Sale",
                amount,
                row.memo,
            ]
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8")


@PROPERTY
@given(
    layout=st.sampled_from([ChaseLayout.CHECKING, ChaseLayout.CREDIT_CARD]),
    items=st.lists(rows, min_size=1, max_size=15),
    style=st.integers(min_value=0, max_value=2),
    quote_all=st.booleans(),
    bom=st.booleans(),
)
def test_generated_chase_csv_round_trips(
    layout: ChaseLayout, items: list[Row], style: int, quote_all: bool, bom: bool
) -> None:
    content = (b"\xef\xbb\xbf" if bom else b"") + _write(layout, items, style, quote_all)

    imported = parse_chase_file(content, account_id="acct")

    assert imported.layout is layout
    got = imported.transactions
    assert [t.amount for t in got] == [row.amount for row in items]
    assert [t.posted_on for t in got] == [row.posted_on for row in items]
    assert [t.description for t in got] == [row.description.strip() for row in items]
    assert len({t.provider_transaction_id for t in got}) == len(items)
    if layout is ChaseLayout.CREDIT_CARD:
        assert [t.category for t in got] == [row.category.strip() or None for row in items]
        assert [t.memo for t in got] == [row.memo.strip() or None for row in items]
    else:
        assert [t.check_number for t in got] == [row.check_number or None for row in items]


def _outcome(content: bytes, filename: str | None = None) -> ImportedFile | InvalidFileError:
    try:
        return parse_chase_file(content, account_id="acct", filename=filename)
    except InvalidFileError as error:
        return error


@PROPERTY
@given(content=st.binary(max_size=3000), filename=st.sampled_from([None, "a.csv", "a.qfx"]))
@example(content=b"\x00", filename=None)
@example(content=b"OFXHEADER:100\n\x00<OFX>", filename=None)
@example(content=b'<?xml version="1.0"?><OFX>', filename=None)
def test_arbitrary_bytes_raise_nothing_but_invalid_file(
    content: bytes, filename: str | None
) -> None:
    _outcome(content, filename)


header_prefixes = st.sampled_from(
    [
        CHECKING_HEADER,
        CARD_HEADER,
        b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
        b"CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX>",
        b'<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="220" '
        b'SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n<OFX>',
    ]
)


@PROPERTY
@given(prefix=header_prefixes, tail=st.binary(max_size=2000))
def test_a_valid_header_followed_by_garbage_raises_only_invalid_file(
    prefix: bytes, tail: bytes
) -> None:
    _outcome(prefix + tail)


@PROPERTY
@given(
    sample=st.sampled_from([QFX, OFX]),
    cut=st.integers(min_value=0, max_value=len(QFX)),
    replacement=st.binary(max_size=8),
    span=st.integers(min_value=0, max_value=12),
)
def test_damaged_statements_fail_cleanly_and_never_show_the_account_number(
    sample: bytes, cut: int, replacement: bytes, span: int
) -> None:
    damaged = sample[:cut] + replacement + sample[cut + span :]

    with warnings.catch_warnings(record=True) as raised:
        warnings.simplefilter("always")
        outcome = _outcome(damaged, "chase.qfx")

    number = QFX_ACCOUNT_NUMBER
    shown = str(outcome) if isinstance(outcome, InvalidFileError) else repr(outcome)
    assert number not in shown
    assert not any(number in str(warning.message) for warning in raised)
