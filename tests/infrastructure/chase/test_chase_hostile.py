"""Hostile Chase files: refused fast, every value problem named, no value in any log.

The timing bounds are far below the hangs they replace (minutes for a 1 MiB file);
``scripts/benchmark_chase_parse.py`` reports the actual times against size.
"""

from __future__ import annotations

import logging
import time
import warnings
from decimal import Decimal

import pytest
from chase_files import CHECKING, QFX, QFX_ACCOUNT_NUMBER
from hostile_files import REFUSED_SHAPES

from dashtam.infrastructure.providers.chase import (
    ChaseImportError,
    chase_setup,
    parse_chase_file,
)
from dashtam.infrastructure.providers.chase.ofx_bounds import MAX_DEPTH

#: Far below the minutes these shapes took, far above what they take now (about 0.05 s).
REFUSAL_BOUND_SECONDS = 1.0


def _reject(content: bytes, filename: str = "chase.qfx") -> ChaseImportError:
    with pytest.raises(ChaseImportError) as caught:
        parse_chase_file(content, account_id="acct-1", filename=filename)
    return caught.value


@pytest.mark.parametrize("name", sorted(REFUSED_SHAPES))
def test_a_hostile_file_at_the_size_limit_is_refused_within_a_second(name: str) -> None:
    make, line = REFUSED_SHAPES[name]
    content = make(chase_setup().max_file_bytes)[: chase_setup().max_file_bytes]

    started = time.perf_counter()
    error = _reject(content)
    elapsed = time.perf_counter() - started

    assert elapsed < REFUSAL_BOUND_SECONDS, f"{name} took {elapsed:.2f} s"
    assert error.line == line


def test_the_issues_one_mebibyte_cdata_line_is_refused_naming_the_section() -> None:
    content = REFUSED_SHAPES["unterminated-cdata-one-line"][0](1 << 20)

    started = time.perf_counter()
    error = _reject(content)

    assert time.perf_counter() - started < REFUSAL_BOUND_SECONDS
    assert "a <![CDATA[ section is not closed by ]]> on the line where it opens" in str(error)


def test_a_closed_cdata_section_is_still_read() -> None:
    content = QFX.replace(b"<NAME>ACME CORP PAYROLL", b"<NAME><![CDATA[ACME <CORP> PAYROLL]]>")

    imported = parse_chase_file(content, account_id="acct-1", filename="chase.qfx")

    assert "ACME <CORP> PAYROLL" in [item.description for item in imported.transactions]


def test_two_cdata_sections_on_one_line_are_read_apart() -> None:
    content = QFX.replace(
        b"<NAME>ACME CORP PAYROLL\n<MEMO>PPD ID: 9876543210",
        b"<NAME><![CDATA[ACME]]></NAME><MEMO><![CDATA[PPD]]></MEMO>",
    )

    imported = parse_chase_file(content, account_id="acct-1", filename="chase.qfx")

    payroll = next(item for item in imported.transactions if item.description == "ACME")
    assert payroll.memo == "PPD"


def test_nesting_is_refused_past_the_depth_limit_with_its_line() -> None:
    content = QFX.replace(b"<OFX>\n", b"<OFX>\n" + b"<A>" * MAX_DEPTH + b"\n", 1)

    error = _reject(content)

    assert error.line == 12  # the line of the <A> run, after <OFX> on line 11
    assert f"nests elements more than {MAX_DEPTH} deep" in str(error)


@pytest.mark.parametrize(
    ("sample", "filename", "old", "new", "field"),
    [
        (QFX, "chase.qfx", b"CHECK 1042", b"CHE\x00CK", "NAME"),
        (QFX, "chase.qfx", b"PPD ID", b"PPD\x1bID", "MEMO"),
        (QFX, "chase.qfx", b"ACME CORP", b"ACME\xc2\x85CORP", "NAME"),
        (CHECKING, "chase.csv", b"CHECK 1042,-150.00", b"CHE\x00CK,-150.00", "Description"),
        (CHECKING, "chase.csv", b"CHECK 1042,-150.00", b"\xe2\x80\xaeCK,-150.00", "Description"),
        (CHECKING, "chase.csv", b",1042,", b",10\x0742,", "Check or Slip #"),
    ],
    ids=[
        "nul-in-qfx-name",
        "esc-in-qfx-memo",
        "c1-in-qfx-name",
        "nul-in-csv",
        "rlo-in-csv",
        "bell-in-csv-check-number",
    ],
)
def test_a_control_character_in_a_text_field_is_refused_with_its_line_and_field(
    sample: bytes, filename: str, old: bytes, new: bytes, field: str
) -> None:
    line = sample[: sample.index(old)].count(b"\n") + 1
    content = sample.replace(old, new, 1)
    if filename.endswith(".qfx") and b"\xc2" in new:
        content = content.replace(b"CHARSET:1252", b"CHARSET:NONE").replace(
            b"ENCODING:USASCII", b"ENCODING:UTF-8"
        )

    error = _reject(content, filename)

    assert error.line == line
    assert str(error.problems[0]).startswith(f"line {line}: {field} holds the control character")


def test_every_control_character_and_bad_amount_is_reported_at_once() -> None:
    content = (
        QFX.replace(b"CHECK 1042", b"CHE\x00CK")
        .replace(b"<TRNAMT>1234.56", b"<TRNAMT>12x")
        .replace(b"<DTPOSTED>20261102120000.000[-5:EST]", b"<DTPOSTED>2026-11-02")
        .replace(b"<BALAMT>2757.71", b"<BALAMT>lots", 1)
    )

    error = _reject(content)

    assert [(problem.line, problem.message.split(";")[0]) for problem in error.problems] == [
        (48, "DTPOSTED '2026-11-02' is not valid"),
        (56, "TRNAMT '12x' is not an amount"),
        (74, "NAME holds the control character U+0000, which no Chase export contains"),
        (78, "BALAMT 'lots' is not an amount"),
    ]


@pytest.mark.parametrize(
    "amount",
    [b"abc", b"1e999999999", b"NaN", b"1234567890123456", b"1.2.3", b"--5", b"1.1234567"],
)
def test_a_trnamt_that_is_not_an_amount_names_its_line_and_field(amount: bytes) -> None:
    error = _reject(QFX.replace(b"<TRNAMT>-150.00", b"<TRNAMT>" + amount))

    assert error.line == 71
    assert str(error.problems[0]).startswith(
        f"line 71: TRNAMT {amount.decode()!r} is not an amount"
    )
    assert "at most 15 digits before the point" in str(error)


def test_the_largest_amount_chase_writes_is_accepted() -> None:
    content = QFX.replace(b"<TRNAMT>-150.00", b"<TRNAMT>-999999999999999.99")

    imported = parse_chase_file(content, account_id="acct-1", filename="chase.qfx")

    assert min(item.amount for item in imported.transactions) == Decimal("-999999999999999.99")


@pytest.mark.parametrize(
    ("sample", "codec", "order"),
    [
        (QFX, "utf-16-le", "little-endian"),
        (QFX, "utf-16-be", "big-endian"),
        (CHECKING, "utf-16-le", "little-endian"),
        (CHECKING, "utf-16-be", "big-endian"),
    ],
)
def test_utf16_without_a_byte_order_mark_is_named_as_such(
    sample: bytes, codec: str, order: str
) -> None:
    error = _reject(sample.decode("utf-8").encode(codec), "chase.csv")

    assert error.line == 1
    assert f"wrong encoding: the file is UTF-16 ({order}) without a byte-order mark" in str(error)
    assert "not a Chase export" not in str(error)


def test_ofxtools_log_records_carry_no_value_at_any_level(
    caplog: pytest.LogCaptureFixture,
) -> None:
    transfer = b"ONLINE TRANSFER TO CHK 000000987654321 REF 7"
    content = QFX.replace(b"CHECK 1042", transfer)
    ofxtools_logger = logging.getLogger("ofxtools")
    level = ofxtools_logger.level
    ofxtools_logger.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG):
            parse_chase_file(content, account_id="acct-1", filename="chase.qfx")
            with pytest.raises(ChaseImportError):
                parse_chase_file(
                    content.replace(b"<TRNTYPE>CHECK", b"<TRNTYPE>CHEQUE"),
                    account_id="acct-1",
                    filename="chase.qfx",
                )
    finally:
        ofxtools_logger.setLevel(level)

    ofxtools_records = [record for record in caplog.records if record.name.startswith("ofxtools")]
    assert any("Data text" in record.getMessage() for record in ofxtools_records)
    for record in ofxtools_records:
        assert QFX_ACCOUNT_NUMBER not in record.getMessage()
        assert "987654321" not in record.getMessage()
        assert "COFFEE" not in record.getMessage()


def test_a_long_name_raises_no_warning_and_is_kept_whole() -> None:
    transfer = "ONLINE TRANSFER TO CHK 000000987654321 REF 7 &amp; MORE"
    content = QFX.replace(b"CHECK 1042", transfer.encode())

    with warnings.catch_warnings(record=True) as raised:
        warnings.simplefilter("always")
        imported = parse_chase_file(content, account_id="acct-1", filename="chase.qfx")

    assert [str(item.message) for item in raised] == []
    descriptions = [item.description for item in imported.transactions]
    assert transfer.replace("&amp;", "&") in descriptions


def test_a_long_run_of_white_space_in_a_short_header_is_refused_with_its_line() -> None:
    content = QFX.replace(b"VERSION:102\n", b"VERSION:102" + b" " * 100 + b"\n", 1)

    error = _reject(content)

    assert error.line == 3
    assert "the OFX header holds 101 white-space characters in a row" in str(error)


def test_a_bad_value_is_placed_at_its_tags_first_line_when_a_cdata_hides_a_tag() -> None:
    content = QFX.replace(b"<NAME>ACME CORP PAYROLL", b"<NAME><![CDATA[<TRNAMT>]]>").replace(
        b"<TRNAMT>-150.00", b"<TRNAMT>abc"
    )

    error = _reject(content)

    assert error.line == QFX[: QFX.index(b"<TRNAMT>")].count(b"\n") + 1
    assert "TRNAMT 'abc' is not an amount" in str(error)
