"""ChaseFileProvider: all-or-nothing imports, de-duplicated, served by account and date."""

from __future__ import annotations

from datetime import date

import pytest
from chase_files import CHECKING, CREDIT_CARD, QFX

from dashtam.core.container import get_provider
from dashtam.core.settings import Settings
from dashtam.domain.providers import (
    Provider,
    ProviderCapability,
    get_provider_metadata,
)
from dashtam.domain.providers.errors import InvalidFileError
from dashtam.domain.providers.protocols import (
    CAPABILITY_METHODS,
    SupportsAccounts,
    SupportsTransactions,
    capabilities_implemented_by,
)
from dashtam.infrastructure.providers.chase import ChaseFileProvider, ImportedFile

ALL_TIME = (date(2000, 1, 1), date(2100, 1, 1))


def test_provider_implements_exactly_its_registry_capabilities() -> None:
    registered = set(get_provider_metadata(Provider.CHASE_FILE).capabilities)

    assert registered == {ProviderCapability.TRANSACTIONS}
    assert capabilities_implemented_by(ChaseFileProvider) == registered
    for capability, method in CAPABILITY_METHODS.items():
        assert hasattr(ChaseFileProvider, method) is (capability in registered)
    provider = ChaseFileProvider()
    assert isinstance(provider, SupportsTransactions)
    assert not isinstance(provider, SupportsAccounts)
    assert provider.slug is Provider.CHASE_FILE


def test_imported_transactions_are_served_sorted_by_date_then_id() -> None:
    provider = ChaseFileProvider()
    imported = provider.import_file(CHECKING, account_id="checking", filename="a.csv")

    served = provider.fetch_transactions("checking", *ALL_TIME)

    assert sorted(served, key=lambda t: t.provider_transaction_id) == sorted(
        imported.transactions, key=lambda t: t.provider_transaction_id
    )
    assert [t.posted_on for t in served] == sorted(t.posted_on for t in served)
    assert served[0].posted_on == date(2026, 11, 2)


def test_same_day_transactions_are_ordered_by_id() -> None:
    provider = ChaseFileProvider()
    provider.import_file(CREDIT_CARD, account_id="card")

    same_day = provider.fetch_transactions("card", date(2026, 11, 5), date(2026, 11, 5))

    assert len(same_day) == 2
    assert [t.provider_transaction_id for t in same_day] == sorted(
        t.provider_transaction_id for t in same_day
    )


def test_date_range_is_inclusive_at_both_ends() -> None:
    provider = ChaseFileProvider()
    provider.import_file(CHECKING, account_id="checking")

    served = provider.fetch_transactions("checking", date(2026, 11, 3), date(2026, 11, 5))

    assert [t.posted_on for t in served] == [
        date(2026, 11, 3),
        date(2026, 11, 4),
        date(2026, 11, 5),
    ]


def test_accounts_are_kept_apart() -> None:
    provider = ChaseFileProvider()
    provider.import_file(CHECKING, account_id="checking")
    provider.import_file(CREDIT_CARD, account_id="card")

    assert {t.account_id for t in provider.fetch_transactions("checking", *ALL_TIME)} == {
        "checking"
    }
    assert len(provider.fetch_transactions("card", *ALL_TIME)) == 5
    assert provider.fetch_transactions("savings", *ALL_TIME) == []


def test_reimporting_the_same_file_adds_nothing() -> None:
    provider = ChaseFileProvider()
    first = provider.import_file(QFX, account_id="checking", filename="a.qfx")
    second = provider.import_file(QFX, account_id="checking", filename="a.qfx")

    assert [t.provider_transaction_id for t in first.transactions] == [
        t.provider_transaction_id for t in second.transactions
    ]
    assert len(provider.fetch_transactions("checking", *ALL_TIME)) == 4


def test_overlapping_exports_merge_without_duplicates() -> None:
    lines = CHECKING.splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    newer = header + b"".join(rows[:3])  # Nov 6, 5, 4
    older = header + b"".join(rows[2:])  # Nov 4, 3, 2
    provider = ChaseFileProvider()

    provider.import_file(newer, account_id="checking")
    provider.import_file(older, account_id="checking")

    served = provider.fetch_transactions("checking", *ALL_TIME)
    assert len(served) == 5
    full = ChaseFileProvider().import_file(CHECKING, account_id="checking")
    assert {t.provider_transaction_id for t in served} == {
        t.provider_transaction_id for t in full.transactions
    }


def test_a_rejected_file_changes_nothing() -> None:
    provider = ChaseFileProvider()
    provider.import_file(CHECKING, account_id="checking")
    before = provider.fetch_transactions("checking", *ALL_TIME)
    # Four good rows and one bad one at the end: none of the good ones may land.
    damaged = CREDIT_CARD.rstrip(b"\n") + b"\n11/09/2026,11/10/2026,X,Shopping,Sale,abc,\n"

    with pytest.raises(InvalidFileError, match="line 7: Amount 'abc' is not an amount"):
        provider.import_file(damaged, account_id="checking")
    with pytest.raises(InvalidFileError):
        provider.import_file(damaged, account_id="fresh")

    assert provider.fetch_transactions("checking", *ALL_TIME) == before
    assert provider.fetch_transactions("fresh", *ALL_TIME) == []
    assert repr(provider) == "ChaseFileProvider(imported={'checking': 5})"


def test_start_after_end_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="start 2026-11-05 is after end 2026-11-01"):
        ChaseFileProvider().fetch_transactions("a", date(2026, 11, 5), date(2026, 11, 1))


def test_imports_through_the_registry_driven_container() -> None:
    settings = Settings(_env_file=None)  # a fresh settings object: a fresh provider
    provider = get_provider("chase_file", settings)
    assert isinstance(provider, ChaseFileProvider)
    assert get_provider(Provider.CHASE_FILE, settings) is provider

    from_csv = provider.import_file(CHECKING, account_id="checking", filename="chase.csv")
    from_qfx = provider.import_file(QFX, account_id="checking", filename="chase.qfx")

    assert isinstance(from_csv, ImportedFile)
    assert (from_csv.format, from_qfx.format) == ("csv", "qfx")
    november = provider.fetch_transactions("checking", date(2026, 11, 1), date(2026, 11, 30))
    assert len(november) == len(from_csv.transactions) + len(from_qfx.transactions) == 9
