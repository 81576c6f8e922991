"""Keeps the values of an imported file out of ofxtools' log records and warnings.

ofxtools logs every element's text at DEBUG (``Data text '000000123456789'``) and
warns, quoting the value, when a ``NAME`` is longer than OFX's 32 characters; a
Chase description often is, and can hold the other account of a transfer. Log
records of every ofxtools logger pass through :class:`RedactingFilter`, whatever
level the application sets. Warnings cannot be filtered per call (the filters
are process-wide and not thread-safe), so ofxtools is never given a value that
would raise one: :func:`hold_long_names` shortens each long ``NAME`` in the tree
and keeps the full text for Dashtam to read.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from typing import Final
from xml.sax import saxutils

#: The longest ``NAME`` ofxtools takes without a warning (its ``NagString(32)``).
MAX_NAME_CHARS: Final = 32

#: ofxtools' own unescaping of element text (``ofxtools.Types.String.convert``).
_ENTITIES: Final = {"&nbsp;": " ", "&apos;": "'", "&quot;": '"'}

_QUOTED: Final = re.compile(r"'[^']*'|\"[^\"]*\"")
_DIGITS: Final = re.compile(r"\d{5,}")


class RedactingFilter(logging.Filter):
    """Replaces quoted values and long digit runs in a record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = _DIGITS.sub("*****", _QUOTED.sub("'<redacted>'", message))
        record.args = ()
        return True


def install_redaction() -> None:
    """Attach :class:`RedactingFilter` to every ofxtools logger that exists (idempotent).

    A filter on a logger applies only to records logged on it, not on its
    children, so each module's logger gets its own; call after importing ofxtools.
    """
    names = [name for name in logging.Logger.manager.loggerDict if name.startswith("ofxtools")]
    for name in ["ofxtools", *names]:
        logger = logging.getLogger(name)
        if not any(isinstance(item, RedactingFilter) for item in logger.filters):
            logger.addFilter(RedactingFilter())


def unescape(text: str) -> str:
    """Element text as ofxtools reads it (``&amp;`` is ``&``)."""
    return saxutils.unescape(text, _ENTITIES)


def hold_long_names(root: ET.Element) -> dict[int, str]:
    """Shorten every ``NAME`` over :data:`MAX_NAME_CHARS`; their full texts, by ``id()``."""
    held: dict[int, str] = {}
    for element in root.iter("NAME"):
        text = unescape((element.text or "").strip())
        if len(text) > MAX_NAME_CHARS:
            held[id(element)] = text
            element.text = text[:MAX_NAME_CHARS]
    return held
