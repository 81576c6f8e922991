"""Turning untrusted text into Markdown that shows exactly that text and nothing more.

Registry texts are data, not markup: a ``|`` must not split a table cell, a ``<script>``
must not become a tag. Backslash escapes differ between parsers, so every character that
could be syntax becomes a numeric character reference (``&#124;``), which CommonMark, GFM
tables and Python-Markdown all decode to the literal character (see :func:`md_text`).
"""

from __future__ import annotations

import functools
import re
import string
import urllib.parse
from typing import Final

#: ASCII punctuation that never acts as Markdown or HTML syntax in inline text.
#: Parentheses only matter right after a link's ``]``, which is always escaped, so
#: a plain ``(`` stays ``(`` in the HTML source.
_INERT_PUNCTUATION: Final = frozenset(",/?;%@:.()")
_SYNTAX: Final = frozenset(string.punctuation) - _INERT_PUNCTUATION
#: Characters a code span may hold verbatim (identifiers, env vars, header names).
_CODE_SAFE: Final = re.compile(r"[A-Za-z0-9_./][A-Za-z0-9_.:/=+~-]*")
_REPLACEMENT: Final = "\ufffd"


def _forbidden_pattern() -> re.Pattern[str]:
    """Characters HTML forbids in text: controls but tab/LF/FF/CR, surrogates, noncharacters."""
    noncharacters = "".join(
        re.escape(chr(plane * 0x10000 + offset))
        for plane in range(17)
        for offset in (0xFFFE, 0xFFFF)
    )
    return re.compile(f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{noncharacters}]")


_FORBIDDEN: Final = _forbidden_pattern()
#: Every whitespace character but the plain space (none lies outside the BMP).
_OTHER_WHITESPACE: Final = frozenset(
    char for char in map(chr, range(0x10000)) if char.isspace() and char != " "
)
#: Syntax characters and non-space whitespace -> numeric character references.
_REFERENCES: Final = {ord(char): f"&#{ord(char)};" for char in _SYNTAX | _OTHER_WHITESPACE}
_WHITESPACE: Final = re.compile(r"\s")
#: Leading ASCII digits and a ".": "1." at the start of a list item opens an ordered list.
_LIST_NUMBER: Final = re.compile(r"[0-9]*\.")


def visible_text(text: str) -> str:
    """What a reader sees of ``text`` after :func:`md_text`: forbidden characters become U+FFFD."""
    if text.isascii() and text.isprintable():
        return text  # the common case, and one with nothing forbidden in it
    return _FORBIDDEN.sub(_REPLACEMENT, text)


@functools.lru_cache(maxsize=16384)
def md_text(text: str) -> str:
    """``text`` as inline Markdown that renders as exactly that text.

    The contract the tests rely on: parsed in any inline context (table cell, heading,
    list item, link text), ``md_text(s)`` reads back as ``visible_text(s)``. Letters,
    digits, interior spaces, non-ASCII and a few inert marks stay as they are, so names
    stay readable; everything else, and leading or trailing spaces (parsers trim plain
    ones), becomes a reference. Newlines and tabs are kept as characters. Cached: labels
    and descriptions repeat on every provider page.
    """
    shown = visible_text(text)
    encoded = shown.translate(_REFERENCES)
    number = _LIST_NUMBER.match(shown)
    if number:
        dot = number.end() - 1
        encoded = f"{encoded[:dot]}&#46;{encoded[dot + 1 :]}"
    # Spaces are not translated, so leading/trailing runs line up in both strings.
    body = encoded.strip(" ")
    if not body:
        return "&#32;" * len(encoded)
    leading = len(encoded) - len(encoded.lstrip(" "))
    trailing = len(encoded) - len(encoded.rstrip(" "))
    return "&#32;" * leading + body + "&#32;" * trailing


def md_code(text: str) -> str:
    """``text`` as a code span when it is a plain identifier, else as escaped text.

    A code span shows its content verbatim (no references are decoded in it), so only
    text that needs no escaping at all may go in one.
    """
    if _CODE_SAFE.fullmatch(text):
        return f"`{text}`"
    return md_text(text)


def html_attribute_text(text: str) -> str:
    """``text`` as ASCII with every HTML-significant or non-ASCII character as a reference.

    Used where a theme prints a value without escaping it (the page title in front
    matter): references keep it inert, and pure ASCII keeps the YAML simple.
    """
    return _ATTRIBUTE_UNSAFE.sub(_reference, visible_text(text))


#: Characters :func:`html_attribute_text` writes as references: all but ASCII letters,
#: digits and punctuation that is inert in HTML text, attribute values and YAML's
#: double-quoted strings.
_ATTRIBUTE_UNSAFE: Final = re.compile(r"[^A-Za-z0-9 ,._()?!:;/@%+=-]")


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match.group())};"


#: Characters ``safe_url`` leaves as they are; every other one is percent-encoded.
_URL_SAFE: Final = "!#$&*+,-./:;=?@[]_~%"
#: An http(s) URL with a plain host name and only characters ``safe_url`` leaves as
#: they are: the common case, which needs no further checking (the tests compare this
#: shortcut with the full check on generated URLs).
_PLAIN_HTTP_URL: Final = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#][A-Za-z0-9!#$&*+,./:;=?@_~%-]*)?"
)


@functools.lru_cache(maxsize=16384)
def safe_url(url: str) -> str | None:
    """``url`` made safe for a Markdown link destination, or ``None`` if it is not http(s).

    Only absolute ``http``/``https`` URLs are linked: a ``javascript:`` or relative
    URL in a registry field must not become a live link. Characters that end or
    confuse a link destination (spaces, parentheses, angle brackets, quotes,
    backslashes, backticks) are percent-encoded.
    """
    if _PLAIN_HTTP_URL.fullmatch(url):
        return url
    return checked_url(url)


def checked_url(url: str) -> str | None:
    """:func:`safe_url` without its shortcut for plain URLs."""
    if _FORBIDDEN.search(url) or _WHITESPACE.search(url):
        return None
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return urllib.parse.quote(url, safe=_URL_SAFE)


def md_link(text: str, url: str) -> str:
    """A Markdown link showing ``text``; plain escaped text if ``url`` is not linkable."""
    target = safe_url(url)
    if target is None:
        return md_text(text)
    return f"[{md_text(text)}]({target})"


def md_url(url: str) -> str:
    """A URL shown as a link to itself (or as plain text when it is not http(s))."""
    return md_link(url, url)


def fence_for(content: str) -> str:
    """A backtick fence longer than any backtick run in ``content``, so it cannot close early."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    return "`" * max(3, longest + 1)


def code_block(content: str, language: str = "text") -> str:
    """A fenced code block showing ``content`` verbatim (HTML inside is escaped by the parser)."""
    body = visible_text(content).replace("\r\n", "\n").replace("\r", "\n")
    if not body.endswith("\n"):
        body += "\n"
    fence = fence_for(body)
    return f"{fence}{language}\n{body}{fence}"


def one_line(text: str) -> str:
    """``text`` with every run of whitespace as one space, for comments in code blocks."""
    return " ".join(visible_text(text).split())
