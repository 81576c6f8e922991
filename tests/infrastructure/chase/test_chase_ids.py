"""Transaction ids are stable across re-imports and distinct for genuinely repeated rows."""

from __future__ import annotations

from chase_files import CARD_HEADER, CHECKING, QFX

from dashtam.infrastructure.providers.chase import parse_chase_file

COFFEE = b"11/02/2026,11/03/2026,COFFEE SHOP,Food & Drink,Sale,-5.75,\n"


def _ids(content: bytes, account_id: str = "acct-1") -> list[str]:
    imported = parse_chase_file(content, account_id=account_id)
    return [item.provider_transaction_id for item in imported.transactions]


def test_reimport_yields_the_same_ids() -> None:
    assert _ids(CHECKING) == _ids(CHECKING)
    assert _ids(QFX) == _ids(QFX)


def test_ids_are_unique_within_a_file() -> None:
    for content in (CHECKING, QFX):
        ids = _ids(content)
        assert len(set(ids)) == len(ids)


def test_two_identical_rows_get_distinct_ids_and_keep_them_on_reimport() -> None:
    content = CARD_HEADER + COFFEE + COFFEE

    first = _ids(content)

    assert len(set(first)) == 2
    assert _ids(content) == first
    # The first of the pair keeps the id it has when it is alone in a file.
    assert _ids(CARD_HEADER + COFFEE) == first[:1]


def test_ids_ignore_how_the_amount_is_spelled_and_surrounding_spaces() -> None:
    plain = CARD_HEADER + b"11/02/2026,11/03/2026,RENT,Home,Sale,-1234.5,\n"
    grouped = CARD_HEADER + b'11/02/2026,11/03/2026, RENT ,Home,Sale,"-$1,234.50",\n'

    assert _ids(plain) == _ids(grouped)


def test_ids_differ_between_accounts_and_between_layouts() -> None:
    assert set(_ids(CHECKING, "a")).isdisjoint(_ids(CHECKING, "b"))
    assert set(_ids(CHECKING)).isdisjoint(_ids(QFX))


def test_any_changed_field_changes_the_id() -> None:
    base = _ids(CARD_HEADER + COFFEE)
    variants = [
        COFFEE.replace(b"11/02/2026", b"11/01/2026"),
        COFFEE.replace(b"11/03/2026", b"11/04/2026"),
        COFFEE.replace(b"COFFEE SHOP", b"COFFEE BAR"),
        COFFEE.replace(b"Food & Drink", b"Groceries"),
        COFFEE.replace(b"Sale", b"Return"),
        COFFEE.replace(b"-5.75", b"-5.76"),
        COFFEE.replace(b"-5.75,", b"-5.75,memo"),
    ]

    changed = [_ids(CARD_HEADER + variant) for variant in variants]

    assert all(ids != base for ids in changed)
    assert len({ids[0] for ids in changed}) == len(variants)


def test_ofx_ids_follow_fitid_not_row_details() -> None:
    renamed = QFX.replace(b"<NAME>COFFEE SHOP 1234 NEW YORK NY", b"<NAME>COFFEE SHOP")

    assert _ids(renamed) == _ids(QFX)


def test_a_fitid_repeated_by_the_bank_still_gives_distinct_ids() -> None:
    repeated = QFX.replace(b"<FITID>202611030", b"<FITID>202611020")
    original = _ids(QFX)

    ids = _ids(repeated)

    assert len(set(ids)) == 4
    # The first transaction with the FITID keeps its id.
    assert ids[0] == original[0]
