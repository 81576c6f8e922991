"""Hostile QFX/OFX/CSV inputs of any size, shared by the tests and the parse-time benchmark.

Each shape is one that made a parser crawl or that a real export never has. The
benchmark (``scripts/benchmark_chase_parse.py``) measures parse time against size
for each; the tests assert that each is refused, at the size limit, far faster
than the minutes it used to take.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from chase_files import CHECKING_HEADER, QFX

_QFX_HEADER, _, _ = QFX.partition(b"<OFX>")
_BODY_START: Final = _QFX_HEADER + b"<OFX>"
_XML_DECLARATION: Final = b'<?xml version="1.0" encoding="UTF-8"?>'


def _fill(unit: bytes, size: int, prefix: bytes = _BODY_START, suffix: bytes = b"") -> bytes:
    """``prefix``, then ``unit`` repeated, then ``suffix``: about ``size`` bytes in all."""
    return prefix + unit * max((size - len(prefix) - len(suffix)) // len(unit), 1) + suffix


def _closed_nesting(size: int) -> bytes:
    depth = (size - len(_BODY_START)) // 7
    return _BODY_START + b"<A>" * depth + b"</A>" * depth


#: Name -> a file of about the given size, and the line its rejection names.
REFUSED_SHAPES: Final[dict[str, tuple[Callable[[int], bytes], int]]] = {
    # The case: an unterminated CDATA made every tag rescan the rest of the line.
    "unterminated-cdata-one-line": (lambda size: _fill(b"<A><![CDATA[x", size), 11),
    "unterminated-cdata-per-line": (lambda size: _fill(b"<A><![CDATA[x\n", size), 11),
    # ofxtools' header regex backtracks over white space: quadratic (v1), cubic (XML).
    "header-spaces-on-line-1": (lambda size: b"OFXHEADER:100" + b" " * size + b"x\n", 1),
    "header-spaces-on-line-2": (lambda size: b"OFXHEADER:100\n" + b" " * size + b"\n", 1),
    "xml-declaration-spaces": (
        lambda size: b'<?xml version="1.0"' + b" " * 200 + b"?>\n<?OFX" + b" " * size,
        1,
    ),
    "open-nesting": (lambda size: _fill(b"<A>", size), 11),
    "closed-nesting": (_closed_nesting, 11),
    "many-lt": (lambda size: _fill(b"<", size), 11),
    "endless-tag-name": (lambda size: _fill(b"A", size, prefix=_BODY_START + b"<"), 11),
    "xml-many-ofx-declarations": (
        lambda size: _fill(b"<?OFX   ", size, prefix=_XML_DECLARATION + b"\n"),
        1,
    ),
    "csv-one-open-quote": (lambda size: CHECKING_HEADER + b'"' + b"x" * size, 2),
}
