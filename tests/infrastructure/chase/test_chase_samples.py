"""Every shipped sample, and every sample the docs print, imports with exact values."""

from __future__ import annotations

import itertools
import warnings
from datetime import date
from decimal import Decimal

import pytest
from chase_files import CARD_HEADER, OFX_ACCOUNT_NUMBER, QFX, QFX_ACCOUNT_NUMBER, sample_bytes

from dashtam.domain.providers import ImportFormat, Provider, SampleFile, get_provider_metadata
from dashtam.domain.providers.models import Transaction
from dashtam.infrastructure.providers.chase import (
    ChaseLayout,
    ImportedFile,
    StatementAccount,
    chase_setup,
    parse_chase_file,
)


def _import(name: str) -> ImportedFile:
    return parse_chase_file(sample_bytes(name), account_id="acct-1", filename=name)


def _summary(transaction: Transaction) -> tuple[object, ...]:
    return (
        transaction.posted_on,
        transaction.amount,
        transaction.description,
        transaction.transaction_type,
        transaction.category,
        transaction.memo,
        transaction.check_number,
        transaction.balance_after,
        transaction.currency,
    )


def test_checking_csv_sample_imports_every_row_exactly() -> None:
    imported = _import("chase-checking.csv")

    assert imported.format is ImportFormat.CSV
    assert imported.layout is ChaseLayout.CHECKING
    assert imported.account is None
    assert [_summary(item) for item in imported.transactions] == [
        (
            date(2026, 11, 6),
            Decimal("-200.00"),
            "ONLINE TRANSFER TO SAV ...4821 TRANSACTION#: 18273645",
            "ACCT_XFER",
            None,
            None,
            None,
            Decimal("2557.71"),
            "USD",
        ),
        (
            date(2026, 11, 5),
            Decimal("-150.00"),
            "CHECK 1042",
            "CHECK_PAID",
            None,
            None,
            "1042",
            Decimal("2757.71"),
            "USD",
        ),
        (
            date(2026, 11, 4),
            Decimal("-5.75"),
            "CAFE ROMA, NEW YORK NY",
            "DEBIT_CARD",
            None,
            None,
            None,
            Decimal("2907.71"),
            "USD",
        ),
        (
            date(2026, 11, 3),
            Decimal("1234.56"),
            "ACME CORP PAYROLL PPD ID: 9876543210",
            "ACH_CREDIT",
            None,
            None,
            None,
            Decimal("2913.46"),
            "USD",
        ),
        (
            date(2026, 11, 2),
            Decimal("-5.75"),
            "COFFEE SHOP 1234 NEW YORK NY",
            "DEBIT_CARD",
            None,
            None,
            None,
            Decimal("1678.90"),
            "USD",
        ),
    ]
    assert {item.account_id for item in imported.transactions} == {"acct-1"}


def test_checking_csv_balances_agree_with_amounts() -> None:
    # Chase lists newest first; each balance is the previous one plus the amount.
    rows = list(reversed(_import("chase-checking.csv").transactions))

    for earlier, later in itertools.pairwise(rows):
        assert earlier.balance_after is not None
        assert later.balance_after == earlier.balance_after + later.amount


def test_credit_card_csv_sample_uses_post_date_and_keeps_category_and_memo() -> None:
    imported = _import("chase-credit-card.csv")

    assert imported.format is ImportFormat.CSV
    assert imported.layout is ChaseLayout.CREDIT_CARD
    assert [_summary(item) for item in imported.transactions] == [
        (
            date(2026, 11, 8),
            Decimal("-42.17"),
            "AMAZON MKTPL*AB12C3D45",
            "Sale",
            "Shopping",
            None,
            None,
            None,
            "USD",
        ),
        (
            date(2026, 11, 5),
            Decimal("1250.00"),
            "Payment Thank You-Mobile",
            "Payment",
            None,
            None,
            None,
            None,
            "USD",
        ),
        (
            date(2026, 11, 5),
            Decimal("-63.48"),
            "TRADER JOE'S #552",
            "Sale",
            "Groceries",
            None,
            None,
            None,
            "USD",
        ),
        (
            date(2026, 11, 4),
            Decimal("-15.49"),
            "NETFLIX.COM, LOS GATOS CA",
            "Sale",
            "Bills & Utilities",
            None,
            None,
            None,
            "USD",
        ),
        (
            date(2026, 11, 3),
            Decimal("17.99"),
            "AMAZON MKTPL*AB12C3D45",
            "Return",
            "Shopping",
            "Returned item",
            None,
            None,
            "USD",
        ),
    ]


@pytest.mark.parametrize(
    ("name", "expected_format", "expected_account", "expected_transactions"),
    [
        pytest.param(
            "chase-checking.qfx",
            ImportFormat.QFX,
            StatementAccount(
                number_masked="****6789",
                account_type="CHECKING",
                currency="USD",
                ledger_balance=Decimal("2757.71"),
            ),
            [
                (
                    date(2026, 11, 2),
                    Decimal("-5.75"),
                    "COFFEE SHOP 1234 NEW YORK NY",
                    "DEBIT",
                    None,
                    None,
                    None,
                    None,
                    "USD",
                ),
                (
                    date(2026, 11, 3),
                    Decimal("1234.56"),
                    "ACME CORP PAYROLL",
                    "CREDIT",
                    None,
                    "PPD ID: 9876543210",
                    None,
                    None,
                    "USD",
                ),
                # 22:00 EST is already Nov 5 in UTC; the bank's own date is kept.
                (
                    date(2026, 11, 4),
                    Decimal("-5.75"),
                    "CAFE ROMA & BAKERY",
                    "DEBIT",
                    None,
                    None,
                    None,
                    None,
                    "USD",
                ),
                (
                    date(2026, 11, 5),
                    Decimal("-150.00"),
                    "CHECK 1042",
                    "CHECK",
                    None,
                    None,
                    "1042",
                    None,
                    "USD",
                ),
            ],
            id="qfx-sgml-checking",
        ),
        pytest.param(
            "chase-credit-card.ofx",
            ImportFormat.OFX,
            StatementAccount(
                number_masked="****4321",
                account_type="CREDITCARD",
                currency="USD",
                ledger_balance=Decimal("-1192.34"),
            ),
            [
                (
                    date(2026, 11, 3),
                    Decimal("-15.49"),
                    "NETFLIX.COM",
                    "DEBIT",
                    None,
                    "LOS GATOS CA",
                    None,
                    None,
                    "USD",
                ),
                (
                    date(2026, 11, 5),
                    Decimal("1250.00"),
                    "Payment Thank You-Mobile",
                    "CREDIT",
                    None,
                    None,
                    None,
                    None,
                    "USD",
                ),
                (
                    date(2026, 11, 8),
                    Decimal("-42.17"),
                    "AMAZON MKTPL*AB12C3D45",
                    "DEBIT",
                    None,
                    None,
                    None,
                    None,
                    "USD",
                ),
            ],
            id="ofx-xml-credit-card",
        ),
    ],
)
def test_statement_sample_imports_with_masked_account(
    name: str,
    expected_format: ImportFormat,
    expected_account: StatementAccount,
    expected_transactions: list[tuple[object, ...]],
) -> None:
    imported = _import(name)

    assert imported.format is expected_format
    assert imported.layout is ChaseLayout.OFX
    assert imported.account == expected_account
    assert [_summary(item) for item in imported.transactions] == expected_transactions


@pytest.mark.parametrize(
    "name", ["chase-checking.qfx", "chase-credit-card.ofx"], ids=["qfx", "ofx"]
)
def test_full_account_number_appears_nowhere_in_the_result(name: str) -> None:
    content = sample_bytes(name)
    full_numbers = {QFX_ACCOUNT_NUMBER, OFX_ACCOUNT_NUMBER}
    assert any(number.encode() in content for number in full_numbers)

    shown = repr(_import(name))

    assert not any(number in shown for number in full_numbers)


def test_registry_lists_a_sample_for_every_layout_and_format() -> None:
    samples = chase_setup().samples
    layouts = {
        parse_chase_file(sample.content.encode(), account_id="a", filename=sample.name).layout
        for sample in samples
    }

    assert layouts == set(ChaseLayout)
    assert {sample.format for sample in samples} >= {ImportFormat.CSV, ImportFormat.QFX}


def test_chase_setup_is_the_registry_entry() -> None:
    assert chase_setup() is get_provider_metadata(Provider.CHASE_FILE).setup


@pytest.mark.parametrize("sample", chase_setup().samples, ids=lambda sample: sample.name)
def test_every_registry_sample_parses_in_its_declared_format(sample: SampleFile) -> None:
    imported = parse_chase_file(
        sample.content.encode("utf-8"), account_id="docs", filename=sample.name
    )

    assert imported.format is sample.format
    assert imported.transactions
    for transaction in imported.transactions:
        assert transaction.description
        assert transaction.amount != 0


def test_registry_checking_csv_and_qfx_samples_describe_the_same_activity() -> None:
    by_name = {sample.name: sample for sample in chase_setup().samples}

    def activity(name: str) -> set[tuple[date, Decimal, str]]:
        imported = parse_chase_file(by_name[name].content.encode(), account_id="a", filename=name)
        return {(item.posted_on, item.amount, item.description) for item in imported.transactions}

    assert activity("chase-checking.csv") == activity("chase-checking.qfx")


def test_an_over_long_account_number_is_masked_before_ofxtools_sees_it() -> None:
    long_number = "1234567890123456789012345"  # 25 characters; OFX allows 22
    content = QFX.replace(QFX_ACCOUNT_NUMBER.encode(), long_number.encode())

    with warnings.catch_warnings(record=True) as raised:
        warnings.simplefilter("always")
        imported = parse_chase_file(content, account_id="a")

    assert imported.account is not None
    assert imported.account.number_masked == "****2345"
    assert not any(long_number in str(warning.message) for warning in raised)


def test_formula_and_markup_cells_are_kept_as_plain_text() -> None:
    content = (
        CARD_HEADER
        + b"11/02/2026,11/03/2026,\"=cmd|' /C calc'!A0\",Shopping,Sale,-1.00,@SUM(1+1)\n"
        b"11/02/2026,11/03/2026,<script>alert(1)</script> **bold** [x](javascript:y),"
        b"<b>Food</b>,Sale,-2.00,+1-1\n"
    )

    first, second = parse_chase_file(content, account_id="a").transactions

    assert first.description == "=cmd|' /C calc'!A0"
    assert first.memo == "@SUM(1+1)"
    assert second.description == "<script>alert(1)</script> **bold** [x](javascript:y)"
    assert second.category == "<b>Food</b>"
    assert second.memo == "+1-1"
