"""Keeps OAuth query values out of uvicorn's access log.

A callback URL carries the authorization code and the state in its query string,
and uvicorn logs every request's full path. This filter, on the ``uvicorn.access``
logger, replaces each query value of an ``/oauth/`` path with ``[redacted]``
before any handler formats the line.
"""

from __future__ import annotations

import logging
from typing import Final
from urllib.parse import parse_qsl, urlsplit

ACCESS_LOGGER: Final = "uvicorn.access"
REDACTED: Final = "[redacted]"
#: uvicorn's access record: (client, method, path with query, HTTP version, status).
_PATH_ARG: Final = 2


def redact_path(path: str) -> str:
    """``path`` with every query value of an OAuth route replaced by ``[redacted]``."""
    parts = urlsplit(path)
    if not parts.query or not parts.path.startswith("/oauth/"):
        return path
    names = [name for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
    redacted = "&".join(f"{name}={REDACTED}" for name in names) or REDACTED
    return f"{parts.path}?{redacted}"


class RedactOAuthQuery(logging.Filter):
    """Rewrites the path argument of uvicorn's access records; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > _PATH_ARG and isinstance(args[_PATH_ARG], str):
            record.args = (*args[:_PATH_ARG], redact_path(args[_PATH_ARG]), *args[_PATH_ARG + 1 :])
        return True


_FILTER: Final = RedactOAuthQuery()


def install_access_log_redaction() -> None:
    """Attach the filter to uvicorn's access logger (once, however often it is called)."""
    logging.getLogger(ACCESS_LOGGER).addFilter(_FILTER)
