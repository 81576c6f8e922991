"""The format is read from the content; the file name only tells QFX from OFX."""

from __future__ import annotations

import pytest
from chase_files import CHECKING, CREDIT_CARD, OFX, QFX

from dashtam.domain.providers import FileImportSetup, ImportFormat
from dashtam.domain.providers.errors import InvalidFileError
from dashtam.infrastructure.providers.chase import ChaseLayout, chase_setup, parse_chase_file


@pytest.mark.parametrize(
    ("content", "filename", "expected_format", "expected_layout"),
    [
        (CHECKING, "statement.qfx", ImportFormat.CSV, ChaseLayout.CHECKING),
        (CREDIT_CARD, "activity.ofx", ImportFormat.CSV, ChaseLayout.CREDIT_CARD),
        (CHECKING, "Chase1234_Activity.pdf", ImportFormat.CSV, ChaseLayout.CHECKING),
        (QFX, "activity.csv", ImportFormat.QFX, ChaseLayout.OFX),
        (OFX, "activity.csv", ImportFormat.OFX, ChaseLayout.OFX),
        (QFX, None, ImportFormat.QFX, ChaseLayout.OFX),
        (OFX, None, ImportFormat.OFX, ChaseLayout.OFX),
    ],
    ids=[
        "checking-csv-named-qfx",
        "card-csv-named-ofx",
        "csv-named-pdf",
        "qfx-named-csv",
        "ofx-named-csv",
        "qfx-without-name",
        "ofx-without-name",
    ],
)
def test_content_decides_the_format_whatever_the_extension(
    content: bytes,
    filename: str | None,
    expected_format: ImportFormat,
    expected_layout: ChaseLayout,
) -> None:
    imported = parse_chase_file(content, account_id="a", filename=filename)

    assert imported.format is expected_format
    assert imported.layout is expected_layout
    assert imported.transactions


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (QFX, "Chase.QFX", ImportFormat.QFX),
        (QFX, "chase.ofx", ImportFormat.OFX),
        (OFX, "chase.qfx", ImportFormat.QFX),
    ],
)
def test_between_qfx_and_ofx_the_extension_decides(
    content: bytes, filename: str, expected: ImportFormat
) -> None:
    assert parse_chase_file(content, account_id="a", filename=filename).format is expected


def test_intuit_markers_make_an_unnamed_ofx_a_qfx() -> None:
    marked = OFX.replace(b"</FI>", b"</FI>\n      <INTU.BID>10898</INTU.BID>")

    assert parse_chase_file(marked, account_id="a").format is ImportFormat.QFX


def test_utf8_bom_windows_line_endings_and_blank_lines_are_accepted() -> None:
    content = b"\xef\xbb\xbf\r\n" + CHECKING.replace(b"\n", b"\r\n") + b"\r\n\r\n"

    imported = parse_chase_file(content, account_id="a")

    assert imported.layout is ChaseLayout.CHECKING
    assert len(imported.transactions) == 5


def test_qfx_with_windows_line_endings_and_a_bom_is_accepted() -> None:
    content = b"\xef\xbb\xbf" + QFX.replace(b"\n", b"\r\n")

    imported = parse_chase_file(content, account_id="a", filename="x.qfx")

    assert len(imported.transactions) == 4


def test_columns_are_read_by_name_and_header_cells_are_trimmed() -> None:
    content = (
        b" Amount , Description,Posting Date,Details,Type,Balance,Check or Slip #,\n"
        b"-5.75,COFFEE,11/02/2026,DEBIT,DEBIT_CARD,1678.90,\n"
    )

    (transaction,) = parse_chase_file(content, account_id="a").transactions

    assert transaction.description == "COFFEE"
    assert str(transaction.amount) == "-5.75"


@pytest.mark.parametrize(
    "header",
    [b"Date,Payee,Outflow,Inflow", b"Date,Description,Amount,Running Bal."],
    ids=["no-shared-column", "few-shared-columns"],
)
def test_another_banks_csv_lists_accepted_formats_and_both_headers(header: bytes) -> None:
    with pytest.raises(InvalidFileError) as caught:
        parse_chase_file(header + b"\n01/02/2026,X,1,\n", account_id="a")

    message = str(caught.value)
    assert caught.value.line == 1
    assert "Accepted formats: CSV, QFX, OFX" in message
    assert "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #" in message
    assert "Transaction Date,Post Date,Description,Category,Type,Amount,Memo" in message
    assert "OFXHEADER:" in message


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        b"PK\x03\x04\x14\x00\x06\x00",  # an .xlsx spreadsheet
        b",,,,\n,,\n",
        b'"unterminated,\x00quote\n',
        b"<html><body>Sign in to Chase</body></html>",
    ],
    ids=["pdf", "xlsx", "only-commas", "broken-csv", "html-page"],
)
def test_other_files_are_rejected_as_not_a_chase_export(content: bytes) -> None:
    with pytest.raises(InvalidFileError, match="not a Chase export Dashtam can read") as caught:
        parse_chase_file(content, account_id="a")

    assert caught.value.line == 1


def test_accepted_formats_come_from_the_registry_setup() -> None:
    csv_only = FileImportSetup(
        formats=[ImportFormat.CSV],
        export_steps=["Download it."],
        max_file_bytes=chase_setup().max_file_bytes,
    )

    assert parse_chase_file(CHECKING, account_id="a", setup=csv_only).transactions
    with pytest.raises(
        InvalidFileError, match=r"QFX files are not accepted; accepted formats: CSV"
    ):
        parse_chase_file(QFX, account_id="a", filename="x.qfx", setup=csv_only)


def test_csv_is_refused_when_the_registry_does_not_accept_it() -> None:
    ofx_only = FileImportSetup(
        formats=[ImportFormat.QFX, ImportFormat.OFX],
        export_steps=["Download it."],
        max_file_bytes=1000,
    )

    with pytest.raises(InvalidFileError, match=r"CSV files are not accepted"):
        parse_chase_file(CHECKING, account_id="a", setup=ofx_only)


def test_empty_account_id_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="account_id"):
        parse_chase_file(CHECKING, account_id=" ")
