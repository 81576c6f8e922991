"""Turns ofxtools' specification errors into short messages that quote no value.

ofxtools' messages quote the offending value, and in a damaged file a value can
swallow the neighbouring account number; only the rule that was broken, the
element and its line are passed on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from dashtam.infrastructure.providers.chase.ofx_markup import REDOWNLOAD, OfxSource
from dashtam.infrastructure.providers.chase.problems import ChaseImportError, rejection

#: ofxtools' "Can't set AGGREGATE.element to VALUE: why" names the element at fault.
CANT_SET: Final = re.compile(r"Can't set (?P<aggregate>[A-Z0-9.]+)\.(?P<element>\w+) to")

_AGGREGATE_NAMED: Final = re.compile(
    r"(?:spec for|Duplicate element <[A-Z0-9.]+> in) (?P<aggregate>[A-Z0-9]+)"
)

_REASONS: Final[tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...]] = (
    (
        re.compile(r"exceeds max length=(\d+)"),
        lambda m: f"is longer than the {m[1]} characters OFX allows",
    ),
    (
        re.compile(r"is not OneOf \(([A-Z0-9_', ]*)\)"),
        lambda m: f"must be one of {m[1].replace(chr(39), '')}",
    ),
    (
        re.compile(r"is not one of the allowed values \[([A-Z0-9_', ]*)\]"),
        lambda m: f"must be one of {m[1].replace(chr(39), '')}",
    ),
    (re.compile(r"max digits=(\d+)"), lambda m: f"has more than the {m[1]} digits OFX allows"),
    (re.compile(r"doesn't match scale="), lambda m: "has more decimal places than OFX allows"),
    (
        re.compile(r"does not conform to OFX formats|Can't parse timezone"),
        lambda m: "is not in the format OFX defines for it",
    ),
    (
        re.compile(r"spec for (\w+), ([A-Z0-9.]+) should occur before \2\b"),
        lambda m: f"repeats <{m[2]}>, which <{m[1]}> may hold only once",
    ),
    (
        re.compile(r"spec for (\w+), ([A-Z0-9.]+) should occur before ([A-Z0-9.]+)"),
        lambda m: f"is out of order: <{m[2]}> must come before <{m[3]}> in <{m[1]}>",
    ),
    (
        re.compile(r"Duplicate element <([A-Z0-9.]+)> in (\w+)"),
        lambda m: f"repeats <{m[1]}>, which <{m[2]}> may hold only once",
    ),
)


def spec_reason(message: str) -> str:
    """Why ofxtools refused an element, as a predicate ("is longer than ..."), no value."""
    for pattern, explain in _REASONS:
        match = pattern.search(message)
        if match is not None:
            return explain(match)
    return "does not follow the OFX specification"


def document_rejection(message: str, source: OfxSource) -> ChaseImportError:
    """The error for a statement ofxtools refused outside any single transaction."""
    field = CANT_SET.search(message)
    if field is None:
        named = _AGGREGATE_NAMED.search(message)
        return rejection(
            f"the statement {spec_reason(message)}; " + REDOWNLOAD,
            line=source.tag_line(named["aggregate"]) if named is not None else None,
        )
    aggregate, element = field["aggregate"], field["element"].upper()
    parent = source.find_tag(aggregate)
    parent_line = source.line_at(parent) if parent is not None else None
    if f"{field.group(0)} None:" in message:
        return rejection(
            f"<{element}> is missing from <{aggregate}>; " + REDOWNLOAD, line=parent_line
        )
    return rejection(
        f"<{element}> in <{aggregate}> {spec_reason(message)}; " + REDOWNLOAD,
        line=source.tag_line(element, parent or 0) or parent_line,
    )
