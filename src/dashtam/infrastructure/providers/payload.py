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
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Final
from zoneinfo import ZoneInfo

import httpx

from dashtam.domain.providers.errors import InvalidResponseError
from dashtam.infrastructure.providers.http import unexpected_status

#: US exchanges' time zone: a trade's date is the trading day in New York, so a fill
#: at 21:00 New York time (01:00 UTC) belongs to that day, not the next.
US_MARKET_TIME: Final = ZoneInfo("America/New_York")


def decode_json(provider: str, response: httpx.Response, what: str) -> object:
    """The response body as JSON, with every non-integer number as ``Decimal``."""
    try:
        return json.loads(response.content, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        content_type = response.headers.get("Content-Type", "no content type")
        raise InvalidResponseError(
            provider,
            f"{what}: the response (HTTP {response.status_code}, {content_type}) is not valid "
            f"JSON; the provider's API may have changed or returned an error page.",
        ) from exc


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

    def decimal(self, obj: Mapping[str, object], key: str, path: str) -> Decimal:
        """A required finite number, given as a JSON number or a numeric string."""
        value = self.field(obj, key, path)
        if isinstance(value, bool):
            raise self.error(f"{path}.{key}", "is a boolean, expected a number")
        if isinstance(value, Decimal | int):
            number = Decimal(value)
        elif isinstance(value, str):
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                raise self.error(f"{path}.{key}", "is a string that is not a number") from None
        else:
            raise self.error(f"{path}.{key}", f"is {_kind(value)}, expected a number")
        if not number.is_finite():
            raise self.error(f"{path}.{key}", "is not a finite number")
        return number

    def optional_decimal(self, obj: Mapping[str, object], key: str, path: str) -> Decimal | None:
        """A number, or ``None`` when absent or null."""
        return None if obj.get(key) is None else self.decimal(obj, key, path)

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
