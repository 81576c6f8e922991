"""Turns the bytes of any Chase export into an :class:`ImportedFile`, or one clear error.

The format is read from the content, never from the file name alone: a
``.csv`` that holds an OFX statement is read as OFX, and a ``.qfx`` that holds a
checking CSV is read as CSV. The extension only decides between QFX and OFX,
which are the same format; without one, Quicken's ``<INTU.*>`` tags mark QFX.

The accepted formats and the size limit come from Chase's registry entry, so the
docs and this importer cannot disagree. The size is checked before anything is
decoded, and every problem raises :class:`~.problems.ChaseImportError` (an
``InvalidFileError``); nothing is returned from a file that failed.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Final, NoReturn

from dashtam.domain.providers import (
    FileImportSetup,
    ImportFormat,
    Provider,
    get_provider_metadata,
)
from dashtam.infrastructure.providers.chase.csv_import import (
    detect_layout,
    expected_headers_text,
    first_record,
    header_problem,
    parse_csv,
)
from dashtam.infrastructure.providers.chase.model import ImportedFile
from dashtam.infrastructure.providers.chase.problems import reject, rejection

_BOM: Final = b"\xef\xbb\xbf"
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
#: How far into the file the OFX markers are looked for; real headers sit at the top.
_SNIFF_BYTES: Final = 1024
#: So few bytes say nothing about their encoding.
_MIN_UTF16_PAIRS: Final = 4


def chase_setup() -> FileImportSetup:
    """Chase's file-import facts (formats, size limit, samples) from the registry."""
    setup = get_provider_metadata(Provider.CHASE_FILE).setup
    if not isinstance(setup, FileImportSetup):
        raise TypeError(
            "The registry entry chase_file must have setup=FileImportSetup(...); "
            "fix it in src/dashtam/domain/providers/registry.py"
        )
    return setup


def parse_chase_file(
    content: bytes,
    *,
    account_id: str,
    filename: str | None = None,
    setup: FileImportSetup | None = None,
) -> ImportedFile:
    """Parse one Chase export (checking/savings CSV, credit card CSV, QFX or OFX).

    Args:
        content: The uploaded file, as bytes.
        account_id: Dashtam's account the transactions belong to; part of their ids.
        filename: The uploaded file's name, if known; only its extension is used.
        setup: Accepted formats and size limit; Chase's registry entry by default.

    Raises:
        ChaseImportError: The file is too large, empty, of an unknown or unaccepted
            format, or malformed; the message lists every problem with its line.
        ValueError: ``account_id`` is empty (a caller bug, not a file problem).
    """
    if not account_id.strip():
        raise ValueError("account_id must name the Dashtam account the file is imported into")
    rules = setup if setup is not None else chase_setup()
    if len(content) > rules.max_file_bytes:
        reject(
            f"the file is {len(content):,} bytes, larger than the {rules.max_file_bytes:,}-byte "
            "limit; download a shorter date range and import it in parts"
        )
    body = content.removeprefix(_BOM)
    if not body.strip():
        reject("the file is empty; download the account activity from Chase again")
    if _looks_like_ofx(body):
        # ofxtools costs ~0.35 s to import; only OFX/QFX imports pay it, not every
        # process that loads the container (the check, each docs build).
        from dashtam.infrastructure.providers.chase.ofx_import import parse_ofx

        declared = _ofx_flavour(body, filename)
        _require_accepted(declared, rules)
        return parse_ofx(body, account_id=account_id, declared=declared)
    utf16 = _utf16_kind(content)
    if utf16 is not None:
        reject(
            f"wrong encoding: the file is {utf16}; save it as UTF-8 and upload it again "
            "(Chase exports CSV as UTF-8 and QFX/OFX as ASCII or Windows-1252, never UTF-16)",
            line=1,
        )
    # Text that is not UTF-8 is still read, leniently, for its header row: a binary file
    # (a PDF, a spreadsheet) is "not a Chase export", not "wrong encoding". Only a
    # recognised CSV is held to UTF-8.
    text, undecodable = _decode_utf8(content)
    record = first_record(text)
    if record is not None:
        line, header = record
        layout = detect_layout(header)
        if layout is not None:
            _require_accepted(ImportFormat.CSV, rules)
            if undecodable is not None:
                _reject_encoding(content, undecodable)
            return parse_csv(text, account_id=account_id, layout=layout)
        problem = header_problem(header)
        if problem is not None:
            reject(problem, line=line)
    raise rejection(
        "this is not a Chase export Dashtam can read. Accepted formats: "
        f"{', '.join(item.label for item in rules.formats)}. A CSV must start with one of "
        f"these header rows: {expected_headers_text()}. A QFX/OFX file starts with "
        "OFXHEADER: or an <?xml ...?> declaration followed by <OFX>",
        line=1,
    )


def _looks_like_ofx(body: bytes) -> bool:
    head = body[:_SNIFF_BYTES].lstrip()
    if head.startswith(b"OFXHEADER"):
        return True
    return head.startswith(b"<?xml") and (b"<?OFX" in head or b"<OFX>" in head)


def _utf16_kind(content: bytes) -> str | None:
    """ "UTF-16 ..." if ``content`` is UTF-16 text, with or without a byte-order mark.

    Without a mark, text is taken for UTF-16 when nearly every pair of bytes in its
    first kilobyte is one ASCII byte and one zero byte, in the same order.
    """
    if content.startswith(_UTF16_BOMS):
        return "UTF-16"
    head = content[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    pairs = len(head) // 2
    if pairs < _MIN_UTF16_PAIRS:
        return None
    for order, zero, ascii_at in (("little-endian", 1, 0), ("big-endian", 0, 1)):
        ascii_pairs = sum(
            1 for at in range(0, pairs * 2, 2) if head[at + zero] == 0 and head[at + ascii_at]
        )
        if ascii_pairs >= pairs * 0.9:
            return f"UTF-16 ({order}) without a byte-order mark"
    return None


def _ofx_flavour(body: bytes, filename: str | None) -> ImportFormat:
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix == ".qfx":
        return ImportFormat.QFX
    if suffix == ".ofx":
        return ImportFormat.OFX
    from dashtam.infrastructure.providers.chase.ofx_markup import has_intuit_markers

    return ImportFormat.QFX if has_intuit_markers(body) else ImportFormat.OFX


def _require_accepted(found: ImportFormat, rules: FileImportSetup) -> None:
    if found not in rules.formats:
        accepted = ", ".join(item.label for item in rules.formats)
        reject(f"{found.label} files are not accepted; accepted formats: {accepted}")


def _decode_utf8(content: bytes) -> tuple[str, UnicodeDecodeError | None]:
    """``content`` as UTF-8 text and ``None``; if it is not UTF-8, a lenient decoding
    (undecodable bytes replaced) and the error, for :func:`_reject_encoding`."""
    try:
        return content.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return content.decode("utf-8-sig", errors="replace"), error


def _reject_encoding(content: bytes, error: UnicodeDecodeError) -> NoReturn:
    line = content.count(b"\n", 0, error.start) + 1
    raise rejection(
        f"wrong encoding: byte 0x{content[error.start]:02X} is not UTF-8; save the file "
        "as UTF-8 (or download it from Chase again) and upload it again",
        line=line,
    ) from error
