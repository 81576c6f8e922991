"""Reading provider JSON into typed values, failing with the path of what is wrong.

A provider that changes a field's type or drops it must fail loudly as
:class:`InvalidResponseError` naming the endpoint and the field (``accounts[2]
.securitiesAccount.accountNumber is missing``), never as a ``KeyError`` deep in a
mapper or, worse, a silently wrong balance. Numbers are decoded straight to
``Decimal`` (``parse_float=Decimal``), so ``0.1`` never passes through a float.
Messages name fields and types, never values: a value may be an account number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Final
from zoneinfo import ZoneInfo

import httpx

from dashtam.domain.providers.errors import InvalidResponseError
from dashtam.infrastructure.providers.http import unexpected_status
from dashtam.infrastructure.providers.limits import (
    AMOUNT_PLACES,
    MAX_AMOUNT,
    MAX_JSON_DEPTH,
    MAX_NUMBER_CHARS,
    MAX_NUMBER_EXPONENT,
)

#: A JSON string (escapes included), written so the regex engine never backtracks.
_STRING: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET: Final = re.compile(rb"[^\[\]{}]+")
_INNERMOST: Final = re.compile(rb"\[\]|\{\}")
_OPEN_RUN: Final = re.compile(rb"[\[{]{%d}" % (MAX_JSON_DEPTH + 1))

#: US exchanges' time zone: a trade's date is the trading day in New York, so a fill
#: at 21:00 New York time (01:00 UTC) belongs to that day, not the next.
US_MARKET_TIME: Final = ZoneInfo("America/New_York")


class _RefusedJsonError(ValueError):
    """A JSON document Dashtam will not convert; the message names why, not a value."""


def _number(text: str) -> Decimal | int:
    """A JSON number, refused before conversion when too long or its exponent too large."""
    if len(text) > MAX_NUMBER_CHARS:
        raise _RefusedJsonError(
            f"holds a number of {len(text):,} characters (at most {MAX_NUMBER_CHARS})"
        )
    number = Decimal(text)
    if number and abs(number.adjusted()) > MAX_NUMBER_EXPONENT:
        raise _RefusedJsonError(
            f"holds a number whose exponent is past +-{MAX_NUMBER_EXPONENT} (such as 1e999)"
        )
    return int(text) if text.lstrip("-").isdigit() else number


def _constant(name: str) -> object:
    raise _RefusedJsonError(f"holds {name}, which is not a JSON number")


def _check_depth(content: bytes) -> None:
    """Refuse nesting deeper than :data:`MAX_JSON_DEPTH` before the decoder recurses into it.

    With strings removed, each pass deletes every innermost ``[]``/``{}`` pair; a
    document still shrinking after ``MAX_JSON_DEPTH`` passes nests deeper. One that
    stops shrinking does not balance: it is refused only if the brackets left open
    so many in a row that the decoder would recurse past the limit before failing;
    otherwise the decoder reports it as not JSON. Each pass is linear.
    """
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", content))
    for _ in range(MAX_JSON_DEPTH):
        shorter = _INNERMOST.sub(b"", brackets)
        if len(shorter) == len(brackets):
            if _OPEN_RUN.search(brackets) is None:
                return
            break
        brackets = shorter
    if brackets:
        raise _RefusedJsonError(f"nests arrays or objects deeper than {MAX_JSON_DEPTH} levels")


def decode_json(provider: str, response: httpx.Response, what: str) -> object:
    """The response body as JSON, with every non-integer number as ``Decimal``.

    Depth and number size are checked before anything is converted, and NaN and
    Infinity (not JSON) are refused. The decoder's exception is not chained: a
    token response's text holds the tokens.
    """
    content_type = response.headers.get("Content-Type", "no content type")
    try:
        _check_depth(response.content)
        return json.loads(
            response.content,
            parse_float=_number,
            parse_int=_number,
            parse_constant=_constant,
        )
    except _RefusedJsonError as refused:
        raise InvalidResponseError(
            provider,
            f"{what}: the response (HTTP {response.status_code}, {content_type}) {refused}; "
            "the provider's API may have changed or is sending hostile data.",
        ) from None
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidResponseError(
            provider,
            f"{what}: the response (HTTP {response.status_code}, {content_type}) is not valid "
            f"JSON; the provider's API may have changed or returned an error page.",
        ) from None


def json_body(provider: str, response: httpx.Response, what: str) -> object:
    """The body of a 200 response as JSON (see :func:`decode_json`).

    Call it once the provider's own statuses (401, 403...) are handled: any other
    status than 200 is :func:`~dashtam.infrastructure.providers.http.unexpected_status`.
    """
    if response.status_code != 200:
        raise unexpected_status(provider, what, response)
    return decode_json(provider, response, what)


class Shape:
    """Typed accessors over decoded JSON for one endpoint (``what``) of one provider."""

    def __init__(self, provider: str, what: str) -> None:
        self._provider = provider
        self._what = what

    def error(self, path: str, problem: str) -> InvalidResponseError:
        """An error saying ``path`` of this endpoint's response has ``problem``."""
        return InvalidResponseError(self._provider, f"{self._what}: {path} {problem}.")

    def mapping(self, value: object, path: str) -> Mapping[str, object]:
        """``value`` as a JSON object."""
        if not isinstance(value, dict):
            raise self.error(path, f"is {_kind(value)}, expected an object")
        return value

    def array(self, value: object, path: str) -> list[object]:
        """``value`` as a JSON array."""
        if not isinstance(value, list):
            raise self.error(path, f"is {_kind(value)}, expected an array")
        return value

    def field(self, obj: Mapping[str, object], key: str, path: str) -> object:
        """``obj[key]``, which must be present and not null."""
        value = obj.get(key)
        if value is None:
            raise self.error(f"{path}.{key}", "is missing")
        return value

    def text(self, obj: Mapping[str, object], key: str, path: str) -> str:
        """A required string; numbers are accepted and written out (ids often are)."""
        value = self.field(obj, key, path)
        if isinstance(value, str):
            return value
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return str(value)
        raise self.error(f"{path}.{key}", f"is {_kind(value)}, expected a string")

    def optional_text(self, obj: Mapping[str, object], key: str, path: str) -> str | None:
        """A string, or ``None`` when absent or null."""
        return None if obj.get(key) is None else self.text(obj, key, path)

    def decimal(
        self,
        obj: Mapping[str, object],
        key: str,
        path: str,
        *,
        limit: Decimal = MAX_AMOUNT,
        places: int = AMOUNT_PLACES,
    ) -> Decimal:
        """A required finite number below ``limit`` in magnitude with at most ``places``
        decimal places, given as a JSON number or a numeric string.

        The defaults are those of a money amount; quantities and prices pass theirs
        (:data:`~dashtam.infrastructure.providers.limits.MAX_QUANTITY`).
        """
        value = self.field(obj, key, path)
        if isinstance(value, bool):
            raise self.error(f"{path}.{key}", "is a boolean, expected a number")
        if isinstance(value, Decimal | int):
            number = Decimal(value)
        elif isinstance(value, str):
            number = self._numeric_string(value, f"{path}.{key}")
        else:
            raise self.error(f"{path}.{key}", f"is {_kind(value)}, expected a number")
        if not number.is_finite():
            raise self.error(f"{path}.{key}", "is not a finite number")
        if abs(number) >= limit:
            raise self.error(f"{path}.{key}", f"is not below {limit:,} in magnitude")
        if number != number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN):
            raise self.error(f"{path}.{key}", f"has more than {places} decimal places")
        return number

    def _numeric_string(self, value: str, where: str) -> Decimal:
        text = value.strip()
        if len(text) > MAX_NUMBER_CHARS:
            raise self.error(where, f"is a string of more than {MAX_NUMBER_CHARS} characters")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise self.error(where, "is a string that is not a number") from None
        if number.is_finite() and number and abs(number.adjusted()) > MAX_NUMBER_EXPONENT:
            raise self.error(where, f"has an exponent past +-{MAX_NUMBER_EXPONENT}")
        return number

    def optional_decimal(self, obj: Mapping[str, object], key: str, path: str) -> Decimal | None:
        """An amount, or ``None`` when absent or null."""
        return None if obj.get(key) is None else self.decimal(obj, key, path)

    def integer(
        self, obj: Mapping[str, object], key: str, path: str, *, minimum: int, maximum: int
    ) -> int:
        """A required whole number from ``minimum`` to ``maximum`` (``1800`` or ``"1800"``)."""
        number = self.decimal(obj, key, path, limit=Decimal(maximum) + 1, places=0)
        if not minimum <= number <= maximum:
            raise self.error(f"{path}.{key}", f"is not a whole number from {minimum} to {maximum}")
        return int(number)

    def timestamp(self, obj: Mapping[str, object], key: str, path: str) -> datetime:
        """A required ISO-8601 timestamp; one without an offset is taken as UTC."""
        text = self.text(obj, key, path)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise self.error(f"{path}.{key}", "is not an ISO-8601 timestamp") from None
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

    def market_day(self, obj: Mapping[str, object], key: str, path: str) -> date:
        """The US trading day of a date or timestamp field (see :data:`US_MARKET_TIME`)."""
        text = self.text(obj, key, path)
        if len(text) == len("YYYY-MM-DD"):
            return self.day(obj, key, path)
        return self.timestamp(obj, key, path).astimezone(US_MARKET_TIME).date()

    def day(self, obj: Mapping[str, object], key: str, path: str) -> date:
        """A required calendar date, ``YYYY-MM-DD``."""
        text = self.text(obj, key, path)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.error(f"{path}.{key}", "is not an ISO-8601 date") from None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "a number"
