"""Refuses OFX/QFX input shapes that would make ofxtools' regular expressions crawl.

ofxtools reads the header and the body with regular expressions that backtrack:
an unterminated ``<![CDATA[`` made each tag rescan the rest of its line (a 1 MiB
one-line file took minutes), and a long run of spaces in the header made the
header search quadratic (256 KiB took a minute), the XML declaration's cubic.
Chase's files never have these shapes, so they are refused before ofxtools sees
them, each by a linear scan; ``benchmarks/chase_parse_time.py`` measures parse
time against input size for every such shape.
"""

from __future__ import annotations

import re
from typing import Final

from dashtam.infrastructure.providers.chase.problems import reject

#: A real OFX header (v1's nine lines, or v2's two declarations) is about 200 bytes.
MAX_HEADER_BYTES: Final = 1024

#: Real headers separate their fields by a space or a line break or two.
MAX_HEADER_SPACE: Final = 64

#: Elements nested deeper than this are refused; a Chase statement nests about ten deep.
MAX_DEPTH: Final = 32

_SPACE_RUN: Final = re.compile(rb"\s{%d,}" % (MAX_HEADER_SPACE + 1))
_REDOWNLOAD: Final = "download the statement from Chase again"
_CDATA_OPEN: Final = "<![CDATA["
_CDATA_CLOSE: Final = "]]>"


def check_header_shape(content: bytes) -> None:
    """Refuse a header that is too long or holds a long run of white space."""
    end = _header_end(content)
    if end is None:
        reject(
            f"the OFX header does not end within its first {MAX_HEADER_BYTES:,} bytes (a "
            "real one is about 200); " + _REDOWNLOAD,
            line=1,
        )
    run = _SPACE_RUN.search(content, 0, end)
    if run is not None:
        reject(
            f"the OFX header holds {run.end() - run.start():,} white-space characters in a "
            f"row (at most {MAX_HEADER_SPACE} are accepted); " + _REDOWNLOAD,
            line=content.count(b"\n", 0, run.start()) + 1,
        )


def _header_end(content: bytes) -> int | None:
    """Where the header ends: after ``<?OFX ...?>`` (v2) or at the first ``<`` (v1).

    ``None`` when it does not end within :data:`MAX_HEADER_BYTES`.
    """
    if content.lstrip()[:5] == b"<?xml":
        # Without an <?OFX ...?> declaration, ofxtools reports the header malformed.
        start = max(content.find(b"<?OFX", 0, MAX_HEADER_BYTES), 0)
        end = content.find(b"?>", start, MAX_HEADER_BYTES)
        return end + 2 if end >= 0 else None
    end = content.find(b"<", 0, MAX_HEADER_BYTES + 1)
    if end >= 0:
        return end
    return len(content) if len(content) <= MAX_HEADER_BYTES else None


def check_cdata_closed(body: str, first_line: int) -> None:
    """Refuse a ``<![CDATA[`` section that does not close on the line it opens.

    ``first_line`` is the file line ``body`` starts on. ofxtools reads a section up
    to ``]]>`` on the same line only.
    """
    position = body.find(_CDATA_OPEN)
    while position >= 0:
        close = body.find(_CDATA_CLOSE, position)
        line_end = body.find("\n", position)
        if close < 0 or 0 <= line_end < close:
            reject(
                "a <![CDATA[ section is not closed by ]]> on the line where it opens; "
                + _REDOWNLOAD,
                line=first_line + body.count("\n", 0, position),
            )
        position = body.find(_CDATA_OPEN, close + len(_CDATA_CLOSE))
