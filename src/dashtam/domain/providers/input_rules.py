"""What any text, URL or number in a registry entry may be: the limits, one place each.

The registry is code, but it is rendered into every docs page, ``providers.json``
and the discovery API, so each field is held to what a reader can safely be shown:
no control or bidirectional-override characters (U+202E reverses the text after
it, which lets a name spoof another), bounded lengths (a 100,000-character name
was repeated in every page's navigation), slugs short enough to be file names,
and web URLs that are what they look like (no ``javascript:``, no
``user:pass@``, no bare IP address). Each function returns why a value is refused,
or ``None``; :mod:`~dashtam.domain.providers.validation` turns that into a problem
with the entry, the field and the fix.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from typing import Final
from urllib.parse import urlsplit

#: Longest slug: a page, a prose file and an env var prefix are made of it, and file
#: systems refuse names over 255 bytes (a 300-character slug broke the docs build).
MAX_SLUG_CHARS: Final = 64
#: Longest display name: it is repeated in every page's navigation.
MAX_NAME_CHARS: Final = 80
#: Longest URL.
MAX_URL_CHARS: Final = 2048
#: Longest one-line text (a scope, an HTTP header name, a sample file name).
MAX_SHORT_TEXT_CHARS: Final = 100
#: Longest instruction step or other sentence-sized text.
MAX_STEP_CHARS: Final = 500
#: Longest sample file printed in the docs.
MAX_SAMPLE_CHARS: Final = 64 * 1024
#: Largest upload limit an entry may declare (1 GiB).
MAX_FILE_BYTES_LIMIT: Final = 1024**3

#: Unicode categories refused in any text: controls, formatting characters (the
#: bidirectional overrides and isolates, zero-width characters), line and paragraph
#: separators, surrogates, private-use and unassigned code points.
_REFUSED_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
#: Line breaks and tabs are allowed in multi-line text (a sample file) only.
_MULTILINE_ALLOWED: Final = frozenset("\n\r\t")

#: Anything RFC 3986 does not allow unencoded in a URI.
_NOT_URI_CHARACTER: Final = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")
#: A DNS host name: dot-separated labels of letters, digits and inner hyphens.
_HOST_NAME: Final = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
)
#: RFC 9110 ``token``: what an HTTP header name may be made of.
_HEADER_NAME: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def text_problem(value: object, limit: int, *, multiline: bool = False) -> str | None:
    """Why ``value`` is not acceptable text of at most ``limit`` characters, if it is not."""
    if not isinstance(value, str):
        return f"is {type(value).__name__} {value!r:.60}, not text"
    if not value.strip():
        return "is blank"
    if len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,} are allowed"
    for character in value:
        if multiline and character in _MULTILINE_ALLOWED:
            continue
        if unicodedata.category(character) in _REFUSED_CATEGORIES:
            name = unicodedata.name(character, "a control character")
            return (
                f"contains U+{ord(character):04X} ({name}), an invisible control or "
                "direction character that can hide or reorder text"
            )
    return None


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name pages and files, if it cannot (its pattern is the docs')."""
    if len(slug) > MAX_SLUG_CHARS:
        return (
            f"is {len(slug):,} characters long; at most {MAX_SLUG_CHARS} are allowed, so "
            "the pages and files named after it stay valid file names"
        )
    return None


def url_problem(value: object) -> str | None:
    """Why ``value`` is not a plain web URL (http or https, a named host, no credentials)."""
    problem = text_problem(value, MAX_URL_CHARS)
    if problem is not None:
        return problem
    assert isinstance(value, str)
    if any(character.isspace() for character in value):
        return "contains white space"
    if not value.startswith(("https://", "http://")):
        scheme = value.partition(":")[0] if ":" in value else ""
        shown = f"{scheme}:" if scheme else "no scheme"
        return f"has {shown}; only https:// (or http://) URLs are linked"
    outside = _NOT_URI_CHARACTER.search(value)
    if outside is not None:
        return (
            f"contains {outside[0]!r}, which a URL must percent-encode (RFC 3986; a "
            "non-ASCII host name is written in its xn-- form)"
        )
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "is not a valid URL"
    if parts.username is not None or parts.password is not None:
        return "carries credentials (user:password@); a published link must not"
    if not host:
        return "has no host"
    if _is_ip_literal(host):
        return "names an IP address instead of a host name"
    if not _HOST_NAME.fullmatch(host):
        return "does not name a valid host (letters, digits and hyphens, dot-separated)"
    return None


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def header_name_problem(value: object) -> str | None:
    """Why ``value`` is not an HTTP header name, if it is not."""
    problem = text_problem(value, MAX_SHORT_TEXT_CHARS)
    if problem is not None:
        return problem
    assert isinstance(value, str)
    if not _HEADER_NAME.fullmatch(value):
        return "is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only)"
    return None


def positive_int_problem(value: object, limit: int) -> str | None:
    """Why ``value`` is not a whole number from 1 to ``limit``, if it is not."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"is {type(value).__name__} {value!r:.40}, not a whole number"
    if not 1 <= value <= limit:
        return f"is {value:,}; it must be from 1 to {limit:,}"
    return None
