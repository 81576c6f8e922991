"""Checks the values of an OFX/QFX statement before ofxtools converts them.

ofxtools stops at its first complaint, and some complaints name nothing: a
``TRNAMT`` of ``abc`` raised a bare ``decimal.InvalidOperation``, reported as "the
statement does not follow the OFX specification". Checked here, every bad value
is reported at once with its line and field, and ofxtools is only given amounts
Dashtam can hold.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Final

from dashtam.infrastructure.providers.chase.ofx_markup import OfxSource
from dashtam.infrastructure.providers.chase.problems import (
    ProblemLog,
    control_character_problem,
    quote,
)
from dashtam.infrastructure.providers.limits import MAX_AMOUNT

#: Amounts with more integer digits than this are refused: the providers' shared amount
#: bound (Chase's own 15 digits), stated once in ``limits``.
MAX_AMOUNT_DIGITS: Final = MAX_AMOUNT.adjusted()

#: Decimal places an amount may have; OFX amounts have two, some banks send four.
MAX_AMOUNT_PLACES: Final = 6

AMOUNT_HINT: Final = (
    f"expected a number such as -5.75, at most {MAX_AMOUNT_DIGITS} digits before the point"
)

_AMOUNT_TAGS: Final = frozenset({"TRNAMT", "BALAMT"})
_AMOUNT: Final = re.compile(
    rf"[+-]?(?:\d{{1,{MAX_AMOUNT_DIGITS}}}(?:[.,]\d{{0,{MAX_AMOUNT_PLACES}}})?"
    rf"|[.,]\d{{1,{MAX_AMOUNT_PLACES}}})"
)


class FieldCheck:
    """Every control character and malformed amount in a tree, in file order."""

    __slots__ = ("_bad", "problems")

    def __init__(self, root: ET.Element, source: OfxSource) -> None:
        self.problems = ProblemLog()
        self._bad: set[int] = set()
        lines = _TagLines(root, source)
        for element in root.iter():
            value = (element.text or "").strip()
            if not value:
                continue
            problem = control_character_problem(element.tag, value)
            if problem is None and element.tag in _AMOUNT_TAGS and not _AMOUNT.fullmatch(value):
                problem = f"{element.tag} {quote(value)} is not an amount; {AMOUNT_HINT}"
            if problem is not None:
                self.problems.add(lines.line(element), problem)
                self._bad.add(id(element))

    def blames(self, element: ET.Element) -> bool:
        """Whether a problem was found in ``element`` or anything inside it."""
        return any(id(item) in self._bad for item in element.iter())


class _TagLines:
    """The line of each element: the n-th ``<TAG>`` element is the n-th ``<TAG>`` in the text.

    Computed per tag, only for tags that have a problem. Should the counts differ
    (a tag in a CDATA section), the tag's first line is the best there is.
    """

    __slots__ = ("_lines", "_root", "_source")

    def __init__(self, root: ET.Element, source: OfxSource) -> None:
        self._root = root
        self._source = source
        self._lines: dict[str, dict[int, int]] = {}

    def line(self, element: ET.Element) -> int | None:
        tag = element.tag
        if tag not in self._lines:
            elements = list(self._root.iter(tag))
            offsets = self._source.tag_offsets(tag)
            if len(offsets) == len(elements):
                self._lines[tag] = {
                    id(item): self._source.line_at(offset)
                    for item, offset in zip(elements, offsets, strict=True)
                }
            else:
                self._lines[tag] = {}
        return self._lines[tag].get(id(element), self._source.tag_line(tag))
