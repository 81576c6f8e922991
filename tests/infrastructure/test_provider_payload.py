"""Reading provider JSON: exact decimals, trading-day dates, errors naming the field."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashtam.domain.providers.errors import InvalidResponseError
from dashtam.infrastructure.providers.limits import AMOUNT_PLACES, MAX_AMOUNT
from dashtam.infrastructure.providers.payload import Shape, decode_json

SHAPE = Shape("demo", "GET /things")


def _decoded(text: str) -> object:
    return decode_json("demo", httpx.Response(200, content=text.encode()), "GET /things")


def test_decimals_never_pass_through_float() -> None:
    body = _decoded('{"a": 0.1, "b": 0.2, "n": 7}')
    assert isinstance(body, dict)
    assert SHAPE.decimal(body, "a", "r") + SHAPE.decimal(body, "b", "r") == Decimal("0.3")
    assert SHAPE.decimal(body, "n", "r") == Decimal(7)


@given(
    st.decimals(
        allow_nan=False,
        allow_infinity=False,
        min_value=-(MAX_AMOUNT - 1),
        max_value=MAX_AMOUNT - 1,
        places=AMOUNT_PLACES,
    )
)
def test_any_json_number_or_numeric_string_within_the_amount_bounds_reads_exactly(
    value: Decimal,
) -> None:
    body = _decoded(f'{{"number": {value}, "text": "{value}"}}')
    assert isinstance(body, dict)
    assert SHAPE.decimal(body, "number", "r") == value
    assert SHAPE.decimal(body, "text", "r") == value


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({}, "r.x is missing"),
        ({"x": None}, "r.x is missing"),
        ({"x": True}, "r.x is a boolean, expected a number"),
        ({"x": [1]}, "r.x is an array, expected a number"),
        ({"x": {"v": 1}}, "r.x is an object, expected a number"),
        ({"x": "12abc"}, "r.x is a string that is not a number"),
        ({"x": "NaN"}, "r.x is not a finite number"),
        ({"x": "-Infinity"}, "r.x is not a finite number"),
    ],
)
def test_bad_numbers_name_the_field_and_the_problem(body: dict[str, object], problem: str) -> None:
    with pytest.raises(InvalidResponseError) as caught:
        SHAPE.decimal(body, "x", "r")
    assert str(caught.value) == f"demo: GET /things: {problem}."


def test_text_accepts_numeric_ids_but_not_other_types() -> None:
    assert SHAPE.text({"id": 95512265692}, "id", "r") == "95512265692"
    assert SHAPE.text({"id": Decimal("1.5")}, "id", "r") == "1.5"
    with pytest.raises(InvalidResponseError, match=r"r\.id is a boolean, expected a string"):
        SHAPE.text({"id": False}, "id", "r")
    with pytest.raises(InvalidResponseError, match=r"r\.id is an object, expected a string"):
        SHAPE.text({"id": {}}, "id", "r")
    assert SHAPE.optional_text({}, "id", "r") is None
    assert SHAPE.optional_decimal({"x": None}, "x", "r") is None


def test_containers_are_checked() -> None:
    with pytest.raises(InvalidResponseError, match="r is a string, expected an object"):
        SHAPE.mapping("x", "r")
    with pytest.raises(InvalidResponseError, match="r is null, expected an array"):
        SHAPE.array(None, "r")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024-03-05T14:30:00+0000", date(2024, 3, 5)),
        ("2024-03-06T01:15:00+0000", date(2024, 3, 5)),  # 20:15 in New York
        ("2024-03-06T01:15:00Z", date(2024, 3, 5)),
        ("2024-03-06T01:15:00", date(2024, 3, 5)),  # no offset: taken as UTC
        ("2024-07-01T03:59:59Z", date(2024, 6, 30)),  # summer time, UTC-4
        ("2024-07-01T04:00:00Z", date(2024, 7, 1)),
    ],
)
def test_market_day_is_the_new_york_trading_day(value: str, expected: date) -> None:
    assert SHAPE.market_day({"d": value}, "d", "r") == expected


def test_naive_timestamps_are_utc() -> None:
    moment = SHAPE.timestamp({"t": "2024-03-06T01:15:00"}, "t", "r")
    assert moment == datetime(2024, 3, 6, 1, 15, tzinfo=UTC)


@pytest.mark.parametrize("value", ["2024-13-01", "03/05/2024", "tomorrow", ""])
def test_bad_dates_name_the_field(value: str) -> None:
    with pytest.raises(InvalidResponseError, match=r"r\.d is not an ISO-8601"):
        SHAPE.market_day({"d": value}, "d", "r")


def test_invalid_json_and_encoding_are_invalid_responses() -> None:
    for content in (b"{", b"\xff\xfe\x00garbage", b""):
        response = httpx.Response(200, content=content, headers={"Content-Type": "text/html"})
        with pytest.raises(InvalidResponseError, match=r"HTTP 200, text/html\) is not valid JSON"):
            decode_json("demo", response, "GET /things")


def test_errors_never_carry_the_value() -> None:
    with pytest.raises(InvalidResponseError) as caught:
        SHAPE.decimal({"x": "acct-9876543210"}, "x", "r")
    assert "9876543210" not in str(caught.value)
    assert json.dumps("acct-9876543210") not in str(caught.value)
