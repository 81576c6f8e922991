"""Every malformed file gets an error naming the line and the problem, and nothing else."""

from __future__ import annotations

import traceback

import pytest
from chase_files import (
    CARD_HEADER,
    CHECKING_HEADER,
    OFX,
    OFX_ACCOUNT_NUMBER,
    QFX,
    QFX_ACCOUNT_NUMBER,
)

from dashtam.domain.providers import FileImportSetup, ImportFormat
from dashtam.domain.providers.errors import InvalidFileError
from dashtam.infrastructure.providers.chase import (
    ChaseImportError,
    FileProblem,
    chase_setup,
    parse_chase_file,
)

GOOD_CHECKING_ROW = b"DEBIT,11/02/2026,COFFEE SHOP,-5.75,DEBIT_CARD,1678.90,,\n"


def _reject(content: bytes, *, filename: str | None = None) -> ChaseImportError:
    with pytest.raises(ChaseImportError) as caught:
        parse_chase_file(content, account_id="acct-1", filename=filename)
    return caught.value


CSV_CASES: list[tuple[str, bytes, int | None, str]] = [
    ("empty", b"", None, "the file is empty"),
    ("only-bom-and-blank-lines", b"\xef\xbb\xbf\n \r\n\t\n", None, "the file is empty"),
    (
        "header-only",
        CARD_HEADER,
        None,
        "the file has a header row but no transactions",
    ),
    (
        "missing-columns",
        b"Details,Posting Date,Description,Amount,Type\n" + GOOD_CHECKING_ROW,
        1,
        "missing columns Balance, Check or Slip #",
    ),
    (
        "renamed-column",
        b"Transaction Date,Post Date,Description,Category,Type,Amount,Notes\n",
        1,
        "missing column Memo; unexpected column 'Notes'",
    ),
    (
        "repeated-column",
        b"Details,Posting Date,Description,Amount,Amount,Type,Balance,Check or Slip #\n",
        1,
        "repeated column Amount",
    ),
    (
        "day-first-date",
        CHECKING_HEADER + b"DEBIT,13/02/2026,COFFEE,-5.75,DEBIT_CARD,1.00,,\n",
        2,
        "Posting Date '13/02/2026' is not a date; expected MM/DD/YYYY",
    ),
    (
        "iso-date",
        CARD_HEADER + b"2026-11-02,11/03/2026,BOOKS,Shopping,Sale,-23.99,\n",
        2,
        "Transaction Date '2026-11-02' is not a date; expected MM/DD/YYYY",
    ),
    (
        "empty-post-date",
        CARD_HEADER + b"11/02/2026,,BOOKS,Shopping,Sale,-23.99,\n",
        2,
        "Post Date empty is not a date",
    ),
    (
        "word-amount",
        CHECKING_HEADER + b"DEBIT,11/02/2026,COFFEE,five,DEBIT_CARD,1.00,,\n",
        2,
        "Amount 'five' is not an amount; expected a number such as -5.75 or 1,234.56",
    ),
    (
        "badly-grouped-amount",
        CHECKING_HEADER + b'DEBIT,11/02/2026,COFFEE,"1,23.45",DEBIT_CARD,1.00,,\n',
        2,
        "Amount '1,23.45' is not an amount",
    ),
    (
        "two-decimal-points",
        CHECKING_HEADER + b"DEBIT,11/02/2026,COFFEE,-5.75.1,DEBIT_CARD,1.00,,\n",
        2,
        "Amount '-5.75.1' is not an amount",
    ),
    (
        "empty-amount",
        CHECKING_HEADER + b"DEBIT,11/02/2026,COFFEE,,DEBIT_CARD,1.00,,\n",
        2,
        "Amount empty is not an amount",
    ),
    (
        "bad-balance",
        CHECKING_HEADER + b"DEBIT,11/02/2026,COFFEE,-5.75,DEBIT_CARD,n/a,,\n",
        2,
        "Balance 'n/a' is not an amount",
    ),
    (
        "unquoted-comma-in-description",
        CHECKING_HEADER + b"DEBIT,11/02/2026,CAFE ROMA, NEW YORK,-5.75,DEBIT_CARD,1.00,,\n",
        2,
        "the row has 9 fields but the header has 7 columns",
    ),
    (
        "short-row",
        CARD_HEADER + b"11/02/2026,11/03/2026,BOOKS\n",
        2,
        "the row has 3 fields but the header has 7 columns",
    ),
    (
        "no-type",
        CARD_HEADER + b"11/02/2026,11/03/2026,BOOKS,Shopping,,-23.99,\n",
        2,
        "Type is empty",
    ),
    (
        "no-type-nor-details",
        CHECKING_HEADER + b",11/02/2026,COFFEE,-5.75,,1.00,,\n",
        2,
        "Type and Details are both empty",
    ),
    (
        "stray-quote",
        CHECKING_HEADER + GOOD_CHECKING_ROW + b'DEBIT,11/02/2026,"COFFEE"SHOP,-5.75,X,1,,\n',
        3,
        "the CSV is malformed",
    ),
    (
        "amount-too-long",
        CHECKING_HEADER + b"DEBIT,11/02/2026,COFFEE," + b"9" * 30 + b",DEBIT_CARD,1,,\n",
        2,
        "Amount '" + "9" * 30 + "' is not an amount",
    ),
    (
        "amount-with-two-signs",
        CHECKING_HEADER + b"DEBIT,11/02/2026,COFFEE,-$-5.75,DEBIT_CARD,1,,\n",
        2,
        "Amount '-$-5.75' is not an amount",
    ),
    (
        "windows-1252",
        CHECKING_HEADER + GOOD_CHECKING_ROW + b"DEBIT,11/03/2026,CAF\xc9,-5.75,DEBIT_CARD,1,,\n",
        3,
        "wrong encoding: byte 0xC9 is not UTF-8; save the file as UTF-8",
    ),
    (
        "utf-16",
        "\ufeff".encode("utf-16-le") + CHECKING_HEADER.decode().encode("utf-16-le"),
        1,
        "wrong encoding: the file is UTF-16; save it as UTF-8",
    ),
]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [case[1:] for case in CSV_CASES],
    ids=[case[0] for case in CSV_CASES],
)
def test_malformed_csv_is_rejected_with_line_and_problem(
    content: bytes, line: int | None, message: str
) -> None:
    error = _reject(content)

    assert isinstance(error, InvalidFileError)
    assert error.provider == "chase_file"
    assert error.line == line
    assert message in str(error)
    if line is not None:
        assert str(error).startswith(f"chase_file: line {line}: ")


def _qfx_without(fragment: bytes) -> bytes:
    assert fragment in QFX
    return QFX.replace(fragment, b"")


OFX_CASES: list[tuple[str, bytes, int | None, str]] = [
    (
        "bad-dtposted",
        QFX.replace(b"<DTPOSTED>20261103120000.000[-5:EST]", b"<DTPOSTED>20261303"),
        55,
        "DTPOSTED '20261303' is not valid; expected an OFX date",
    ),
    (
        "bad-trntype",
        QFX.replace(b"<TRNTYPE>CHECK", b"<TRNTYPE>BOGUS"),
        69,
        "TRNTYPE 'BOGUS' is not valid; expected an OFX transaction type",
    ),
    (
        "missing-fitid",
        _qfx_without(b"<FITID>202611020\n"),
        56,
        "<FITID> is missing from a transaction",
    ),
    (
        "nan-amount",
        QFX.replace(b"<TRNAMT>1234.56", b"<TRNAMT>NaN"),
        56,
        "TRNAMT 'NaN' is not an amount",
    ),
    (
        "absurd-amount",
        QFX.replace(b"<TRNAMT>1234.56", b"<TRNAMT>1E+400"),
        56,
        "TRNAMT '1E+400' is not an amount",
    ),
    (
        "missing-ledger-balance",
        _qfx_without(
            b"<LEDGERBAL>\n<BALAMT>2757.71\n<DTASOF>20261106120000.000[-5:EST]\n</LEDGERBAL>\n"
        ),
        36,
        "<LEDGERBAL> is missing from <STMTRS>",
    ),
    (
        "bad-account-type",
        QFX.replace(b"<ACCTTYPE>CHECKING", b"<ACCTTYPE>PIGGYBANK"),
        41,
        "<ACCTTYPE> in <BANKACCTFROM> must be one of CHECKING, SAVINGS, MONEYMRKT",
    ),
    (
        # Damage that merges the account number into <BANKID>'s value: the message
        # names the rule, never the value.
        "value-swallows-account-number",
        QFX.replace(b"<BANKID>322271627\n<", b"<BANKID>"),
        39,
        "<BANKID> in <BANKACCTFROM> is longer than the 9 characters OFX allows",
    ),
    (
        "statement-out-of-order",
        QFX.replace(b"<CURDEF>USD\n<BANKACCTFROM>", b"<BANKACCTFROM>").replace(
            b"</BANKACCTFROM>", b"</BANKACCTFROM>\n<CURDEF>USD"
        ),
        36,
        "the statement is out of order: <CURDEF> must come before <BANKACCTFROM> in <STMTRS>",
    ),
    (
        "statement-repeats-element",
        QFX.replace(b"<CURDEF>USD", b"<CURDEF>USD\n<CURDEF>USD"),
        36,
        "the statement repeats <CURDEF>, which <STMTRS> may hold only once",
    ),
    (
        "transaction-out-of-order",
        QFX.replace(b"<TRNTYPE>CHECK\n", b"").replace(
            b"<CHECKNUM>1042\n", b"<CHECKNUM>1042\n<TRNTYPE>CHECK\n"
        ),
        68,
        "a transaction is out of order: <TRNTYPE> must come before <CHECKNUM> in <STMTTRN>",
    ),
    (
        "transaction-repeats-fitid",
        QFX.replace(b"<FITID>202611050", b"<FITID>202611050\n<FITID>202611051"),
        68,
        "a transaction repeats <FITID>, which <STMTTRN> may hold only once",
    ),
    (
        "check-number-too-long",
        QFX.replace(b"<CHECKNUM>1042", b"<CHECKNUM>1042000000000000"),
        73,
        "<CHECKNUM> of a transaction is longer than the 12 characters OFX allows",
    ),
    (
        "unknown-time-zone",
        QFX.replace(b"20261105120000.000[-5:EST]", b"20261105120000.000[-99:XYZ]"),
        70,
        "DTPOSTED '20261105120000.000[-99:XYZ]' is not valid",
    ),
    (
        "byte-not-in-declared-utf8",
        QFX.replace(b"CHARSET:1252", b"CHARSET:NONE").replace(b"CAFE ROMA", b"CAF\xc9 ROMA"),
        66,
        "wrong encoding: byte 0xC9 is not valid UTF-8, the character set the file declares",
    ),
    (
        "byte-undefined-in-windows-1252",
        QFX.replace(b"CAFE ROMA", b"CAF\x81 ROMA"),
        66,
        "wrong encoding: byte 0x81 is not valid Windows-1252",
    ),
    (
        "non-ascii-header",
        QFX.replace(b"OLDFILEUID:NONE", b"OLDFILEUID:N\xc9NE"),
        8,
        "wrong encoding: byte 0xC9 is not plain ASCII, which the OFX header must be",
    ),
    (
        "xml-ofx-not-utf8",
        OFX.replace(b"NETFLIX", b"NETFL\xffX"),
        38,
        "wrong encoding: byte 0xFF is not valid UTF-8",
    ),
    (
        "bad-header",
        QFX.replace(b"VERSION:102", b"VERSION:one"),
        1,
        "the OFX header is malformed or incomplete",
    ),
    ("cut-off", QFX[: QFX.index(b"<TRNAMT>-150.00")], 70, "the file is cut off"),
    (
        "text-outside-elements",
        QFX.replace(b"</BANKTRANLIST>", b"</BANKTRANLIST>stray text"),
        76,
        "text sits outside any element",
    ),
    (
        "mismatched-close-tag",
        OFX.replace(b"<MEMO>LOS GATOS CA</MEMO>", b"<MEMO>LOS GATOS CA</NAME>"),
        39,
        "<STMTTRN> is closed by </NAME>",
    ),
    (
        "close-without-open",
        QFX.replace(b"</OFX>", b"</OFX>\n</OFX>"),
        89,
        "</OFX> closes an element that was never opened",
    ),
    (
        "no-statement",
        OFX.replace(b"CCSTMTRS>", b"CCSTMTXX>"),
        None,
        "the file has no bank or credit card statement",
    ),
    (
        "investment-statement",
        OFX.replace(b"CCSTMTRS>", b"INVSTMTRS>"),
        None,
        "this is an investment statement",
    ),
    (
        "two-statements",
        QFX.replace(
            b"</STMTTRNRS>",
            b"</STMTTRNRS>\n<STMTTRNRS>\n<TRNUID>2\n<STATUS>\n<CODE>0\n<SEVERITY>INFO\n"
            b"</STATUS>\n<STMTRS>\n<CURDEF>USD\n</STMTRS>\n</STMTTRNRS>",
        ),
        93,
        "the file holds 2 statements; download one account per file",
    ),
    (
        "no-transactions",
        QFX[: QFX.index(b"<STMTTRN>")] + QFX[QFX.index(b"</BANKTRANLIST>") :],
        None,
        "the statement has no transactions",
    ),
    (
        "header-without-body",
        QFX[: QFX.index(b"<OFX>")],
        None,
        "the file has an OFX header but no statement after it",
    ),
    (
        "body-is-not-ofx",
        QFX[: QFX.index(b"<OFX>")] + b"<HTML>\n<BODY>x</BODY>\n</HTML>\n",
        11,
        "the OFX body must start with <OFX>",
    ),
    (
        "xml-without-ofx-declaration",
        OFX.replace(b'<?OFX OFXHEADER="200"', b'<?XYZ OFXHEADER="200"'),
        1,
        "the OFX header is malformed or incomplete",
    ),
]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [case[1:] for case in OFX_CASES],
    ids=[case[0] for case in OFX_CASES],
)
def test_malformed_ofx_is_rejected_with_line_and_problem(
    content: bytes, line: int | None, message: str
) -> None:
    error = _reject(content, filename="chase.qfx")

    assert error.line == line
    assert message in str(error)


@pytest.mark.parametrize(
    "content", [case[1] for case in OFX_CASES], ids=[case[0] for case in OFX_CASES]
)
def test_ofx_errors_never_show_the_account_number_even_in_tracebacks(content: bytes) -> None:
    error = _reject(content)

    shown = "".join(traceback.format_exception(error))
    assert QFX_ACCOUNT_NUMBER not in shown
    assert OFX_ACCOUNT_NUMBER not in shown


def test_file_over_the_registry_limit_is_rejected_before_parsing() -> None:
    limit = chase_setup().max_file_bytes
    # Valid CSV all the way, so only the size can be the reason.
    row = GOOD_CHECKING_ROW
    content = CHECKING_HEADER + row * ((limit - len(CHECKING_HEADER)) // len(row) + 1)
    assert len(content) > limit

    error = _reject(content)

    assert error.line is None
    assert f"the file is {len(content):,} bytes, larger than the {limit:,}-byte limit" in str(error)


def test_file_exactly_at_the_limit_is_accepted() -> None:
    content = CHECKING_HEADER + GOOD_CHECKING_ROW
    setup = FileImportSetup(
        formats=[ImportFormat.CSV], export_steps=["x"], max_file_bytes=len(content)
    )

    assert parse_chase_file(content, account_id="a", setup=setup).transactions
    with pytest.raises(ChaseImportError, match="larger than the"):
        parse_chase_file(content + b"\n", account_id="a", setup=setup)


def test_every_problem_is_reported_at_once_and_line_is_the_first() -> None:
    content = (
        CHECKING_HEADER
        + GOOD_CHECKING_ROW
        + b"DEBIT,02/30/2026,COFFEE,-5.75,DEBIT_CARD,1.00,,\n"
        + GOOD_CHECKING_ROW
        + b"DEBIT,11/02/2026,COFFEE,abc,DEBIT_CARD,xyz,,\n"
        + b"DEBIT,11/02/2026\n"
    )

    error = _reject(content)

    assert error.line == 3
    assert error.problems == (
        FileProblem(
            3, "Posting Date '02/30/2026' is not a date; expected MM/DD/YYYY, e.g. 11/03/2026"
        ),
        FileProblem(
            5, "Amount 'abc' is not an amount; expected a number such as -5.75 or 1,234.56"
        ),
        FileProblem(
            5, "Balance 'xyz' is not an amount; expected a number such as -5.75 or 1,234.56"
        ),
        FileProblem(
            6,
            "the row has 2 fields but the header has 7 columns; a description containing "
            "a comma must be in double quotes",
        ),
    )
    assert str(error).startswith("chase_file: line 3: 4 problems; fix them all")
    assert "\n- line 5: Balance 'xyz' is not an amount" in str(error)


def test_problem_list_is_capped_but_counted() -> None:
    bad_rows = b"".join(
        f"DEBIT,11/{day:02d}/2026,COFFEE,oops,DEBIT_CARD,1.00,,\n".encode() for day in range(1, 26)
    )

    error = _reject(CHECKING_HEADER + bad_rows)

    message = str(error)
    assert len(error.problems) == 25
    assert "25 problems" in message
    assert "- line 21: Amount 'oops'" in message
    assert "- line 22:" not in message
    assert message.endswith("- ... and 5 more")


def test_lines_count_physical_lines_of_multi_line_quoted_cells() -> None:
    content = (
        CHECKING_HEADER
        + b'DEBIT,11/02/2026,"SPLIT\nACROSS\nLINES",-5.75,DEBIT_CARD,1.00,,\n'
        + b"DEBIT,11/02/2026,COFFEE,bad,DEBIT_CARD,1.00,,\n"
    )

    assert _reject(content).line == 5


def test_long_offending_values_are_shortened_in_messages() -> None:
    long_value = "9" * 500
    content = CHECKING_HEADER + f"DEBIT,{long_value},X,-1,DEBIT_CARD,1,,\n".encode()

    message = str(_reject(content))

    assert long_value not in message
    assert "'" + "9" * 37 + "...'" in message


def test_rejection_needs_a_problem() -> None:
    with pytest.raises(ValueError, match="at least one problem"):
        ChaseImportError(())


def test_every_bad_transaction_of_a_statement_is_reported_at_once() -> None:
    content = (
        QFX.replace(b"<TRNAMT>-5.75\n<FITID>202611020", b"<TRNAMT>NaN\n<FITID>202611020")
        .replace(b"<DTPOSTED>20261103120000.000[-5:EST]", b"<DTPOSTED>2026-11-03")
        .replace(b"<TRNTYPE>CHECK", b"<TRNTYPE>CHEQUE")
    )

    error = _reject(content)

    assert [(problem.line, problem.message.split(";")[0]) for problem in error.problems] == [
        (49, "TRNAMT 'NaN' is not an amount"),
        (55, "DTPOSTED '2026-11-03' is not valid"),
        (69, "TRNTYPE 'CHEQUE' is not valid"),
    ]
    assert error.line == 49
