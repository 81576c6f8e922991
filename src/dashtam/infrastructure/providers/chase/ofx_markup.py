"""Reads an OFX/QFX file's header and markup into an element tree, or says what is wrong.

ofxtools does the reading (SGML v1 and XML v2 alike). Its messages quote the raw
file, the whole body at times, so they are replaced by short ones with a line,
and dropped from the exception chain (``from None``) so no traceback logs them.
Account numbers are masked in the tree as soon as it exists, before anything
else sees it.
"""

from __future__ import annotations

import bisect
import io
import logging
import re
import xml.etree.ElementTree as ET
from typing import Final

from ofxtools.header import OFXHeaderError, OFXHeaderV1, parse_header
from ofxtools.Parser import ParseError, TreeBuilder

from dashtam.infrastructure.providers.chase.ofx_bounds import (
    MAX_DEPTH,
    check_cdata_closed,
    check_header_shape,
)
from dashtam.infrastructure.providers.chase.problems import ChaseImportError, reject, rejection

# ofxtools logs every element's text at DEBUG, full account numbers included: it is
# quiet by default, and ofx_import redacts its records should an application turn it up.
logging.getLogger("ofxtools").setLevel(logging.WARNING)

REDOWNLOAD: Final = "download the statement from Chase again"

_CHARSET: Final = re.compile(rb"CHARSET:\s*(?P<charset>[\w-]+)")
#: How the OFX v1 CHARSET values read to a person (NONE means the v2 default, UTF-8).
_CHARSET_NAMES: Final = {"NONE": "UTF-8", "1252": "Windows-1252", "ISO-8859-1": "ISO-8859-1"}
_POSITION: Final = re.compile(r"position=\[(?P<start>\d+):\d+\]")
_MISMATCH: Final = re.compile(r"Mismatched tags: open='(?P<open>[^']*)', close='(?P<close>[^']*)'")


class OfxSource:
    """The decoded file, to turn character offsets and tags into 1-based line numbers."""

    __slots__ = ("_newlines", "body_start", "text")

    def __init__(self, text: str, body_start: int) -> None:
        self.text = text
        self.body_start = body_start
        self._newlines: list[int] | None = None

    def line_at(self, offset: int) -> int:
        """The line holding character ``offset`` (found by bisection, so many calls are cheap)."""
        if self._newlines is None:
            self._newlines = [match.start() for match in re.finditer("\n", self.text)]
        return bisect.bisect_left(self._newlines, max(offset, 0)) + 1

    def tag_offsets(self, tag: str) -> list[int]:
        """Where every ``<tag>`` starts, in file order."""
        return [match.start() for match in re.finditer(f"<{re.escape(tag)}>", self.text)]

    def find_tag(self, tag: str, after: int = 0) -> int | None:
        """Where the first ``<tag>`` at or after ``after`` starts, if any."""
        found = self.text.find(f"<{tag}>", after)
        return None if found < 0 else found

    def tag_line(self, tag: str, after: int = 0) -> int | None:
        """The line of the first ``<tag>`` at or after ``after``, if any."""
        found = self.find_tag(tag, after)
        return None if found is None else self.line_at(found)


class _StrictTreeBuilder(TreeBuilder):
    """ofxtools' tree builder, refusing a closing tag that does not close the open element.

    The stock builder accepts ``<NAME>x</MEMO>`` and builds a wrong tree; raising
    ``ParseError`` here lets ofxtools report the position, and so the line. It also
    refuses nesting deeper than :data:`MAX_DEPTH`, and reads a CDATA section up to
    its first ``]]>``: the stock pattern's greedy ``.+`` rescanned the rest of the
    line for every tag (quadratic) and merged two sections on one line.
    """

    # ofxtools' pattern (and group names, which its ``feed`` reads), with a lazy CDATA.
    regex = re.compile(
        r"""<(?P<tag>[A-Z0-9./_ ]+?)>
                ((<!\[CDATA\[(?P<cdata>.+?)\]\]>)|(?P<text>[^<]+))?
            (</(?P<closetag>(?P=tag))>)?
            (?P<tail>[^<]+)?
        """,
        re.VERBOSE,
    )

    def __init__(self) -> None:
        super().__init__()
        self.unclosed: list[str] = []

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        if len(self.unclosed) >= MAX_DEPTH:
            raise ParseError(f"Nested deeper than {MAX_DEPTH}")
        self.unclosed.append(tag)
        return super().start(tag, attrs)

    def end(self, tag: str) -> ET.Element:
        current = self.unclosed[-1] if self.unclosed else ""
        if current != tag:
            raise ParseError(f"Mismatched tags: open='{current}', close='{tag}'")
        self.unclosed.pop()
        return super().end(tag)


def has_intuit_markers(content: bytes) -> bool:
    """Whether the file carries Quicken's ``<INTU.*>`` extensions (a QFX file)."""
    return b"<INTU." in content


def mask_account_number(number: str) -> str:
    """All but the last four characters hidden; a short number is hidden entirely."""
    return f"****{number[-4:]}" if len(number) > 4 else "****"


def read_markup(content: bytes) -> tuple[ET.Element, OfxSource]:
    """The ``<OFX>`` element tree of ``content``, account numbers masked, and its source.

    Raises:
        ChaseImportError: The header, encoding or markup is broken, or the file is
            cut off.
    """
    check_header_shape(content)
    try:
        header, body = parse_header(io.BytesIO(content))
    except UnicodeDecodeError:
        raise _encoding_rejection(content) from None
    except Exception as error:
        raise _header_rejection(error) from None
    if not body.strip():
        reject("the file has an OFX header but no statement after it; " + REDOWNLOAD)
    source = _decode_whole(content, str(header.codec), body)
    check_cdata_closed(body, source.line_at(source.body_start))
    builder = _StrictTreeBuilder()
    try:
        builder.feed(body)
    except Exception as error:
        raise _markup_rejection(error, source) from None
    if builder.unclosed:
        reject(
            f"the file is cut off: it ends before </{builder.unclosed[-1]}>; " + REDOWNLOAD,
            line=source.line_at(len(source.text.rstrip())),
        )
    root = builder.close()
    if not isinstance(root, ET.Element) or root.tag != "OFX":
        reject(
            "the OFX body must start with <OFX>; " + REDOWNLOAD,
            line=source.line_at(source.body_start),
        )
    _mask_account_numbers(root)
    _drop_private_tags(root)
    return root, source


def _mask_account_numbers(root: ET.Element) -> None:
    """Mask every ``<ACCTID>`` before ofxtools converts the tree.

    ofxtools quotes values in its warnings (an ``ACCTID`` over 22 characters gets
    one) and errors; a number it never receives cannot leak through either.
    """
    for element in root.iter("ACCTID"):
        element.text = mask_account_number((element.text or "").strip())


def _drop_private_tags(root: ET.Element) -> None:
    """Remove Quicken's ``<INTU.*>`` and other dotted extensions, as ofxtools would.

    Doing it here spares ofxtools' warning on each, which could only be silenced by
    changing the process-wide warning filters, and that is not thread-safe.
    """
    for parent in list(root.iter()):
        for child in [child for child in parent if "." in child.tag]:
            parent.remove(child)


def _decode_whole(content: bytes, codec: str, body: str) -> OfxSource:
    text = content.decode(codec, errors="replace")
    found = text.rfind(body) if body else -1
    return OfxSource(text, max(found, 0))


def _encoding_rejection(content: bytes) -> ChaseImportError:
    """Which byte does not fit the character set the file declares, and on what line."""
    markup_at = content.find(b"<")
    header = content[: markup_at if markup_at >= 0 else len(content)]
    charset = _CHARSET.search(header)
    declared = charset["charset"].decode("ascii") if charset is not None else "NONE"
    codec = OFXHeaderV1.codecs.get(declared, "utf_8")
    checks = (
        (header, "ascii", "is not plain ASCII, which the OFX header must be"),
        (
            content,
            codec,
            f"is not valid {_CHARSET_NAMES.get(declared, declared)}, the character set "
            "the file declares",
        ),
    )
    for part, encoding, rule in checks:
        try:
            part.decode(encoding)
        except UnicodeDecodeError as error:
            return rejection(
                f"wrong encoding: byte 0x{part[error.start]:02X} {rule}; " + REDOWNLOAD,
                line=content.count(b"\n", 0, error.start) + 1,
            )
    return rejection("wrong encoding: the file does not match its declared character set")


def _header_rejection(error: Exception) -> ChaseImportError:
    if isinstance(error, OFXHeaderError):
        return rejection(
            "the OFX header is malformed or incomplete (it must start with OFXHEADER:100 "
            "and list DATA, VERSION, SECURITY, ENCODING, CHARSET and the FILEUIDs, or be "
            '<?OFX OFXHEADER="200" ...?> after the XML declaration); ' + REDOWNLOAD,
            line=1,
        )
    return rejection("the OFX header cannot be read; " + REDOWNLOAD, line=1)


def _markup_rejection(error: Exception, source: OfxSource) -> ChaseImportError:
    if not isinstance(error, ParseError):
        return rejection("the OFX markup is malformed; " + REDOWNLOAD)
    message = str(error)
    position = _POSITION.search(message)
    line = source.line_at(source.body_start + int(position["start"])) if position else None
    return rejection(_markup_problem(message), line=line)


def _markup_problem(message: str) -> str:
    mismatch = _MISMATCH.search(message)
    if mismatch is not None and not mismatch["open"]:
        return (
            f"the OFX markup is malformed: </{mismatch['close']}> closes an element "
            "that was never opened; " + REDOWNLOAD
        )
    if mismatch is not None:
        return (
            f"the OFX markup is malformed: <{mismatch['open']}> is closed by "
            f"</{mismatch['close']}>; " + REDOWNLOAD
        )
    if message.startswith("Nested deeper"):
        return (
            f"the OFX markup nests elements more than {MAX_DEPTH} deep, which no statement "
            "does; " + REDOWNLOAD
        )
    if message.startswith("Tail text"):
        return "the OFX markup is malformed: text sits outside any element; " + REDOWNLOAD
    return "the OFX markup is malformed; " + REDOWNLOAD
