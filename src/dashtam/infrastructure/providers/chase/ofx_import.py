"""Chase's QFX (Quicken Web Connect) and OFX statements, SGML (v1) and XML (v2) alike.

ofxtools reads the header and markup and checks the statement against the OFX
specification. Each ``<STMTTRN>`` is checked on its own first, so every bad
transaction is reported at once with its line; then the whole document is
checked. ofxtools' own messages quote the raw file (its whole body, at times),
so they are never passed on: the user gets a short message naming the element,
the rule it breaks and its line, and the account number never appears unmasked.

``posted_on`` is the date the bank wrote in ``DTPOSTED`` (its first eight
digits), not that instant converted to UTC, which can fall on another day.
"""

from __future__ import annotations

import io
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from ofxtools.header import OFXHeaderError, OFXHeaderV1, parse_header
from ofxtools.models.base import Aggregate
from ofxtools.Parser import ParseError, TreeBuilder

from dashtam.domain.providers import ImportFormat
from dashtam.domain.providers.models import Transaction
from dashtam.infrastructure.providers.chase.ids import IdMaker
from dashtam.infrastructure.providers.chase.model import (
    ChaseLayout,
    ImportedFile,
    StatementAccount,
)
from dashtam.infrastructure.providers.chase.problems import (
    ChaseImportError,
    ProblemLog,
    quote,
    reject,
    rejection,
)

# ofxtools logs every element's text at DEBUG, full account numbers included.
# Dashtam's logs never carry them, whatever level the application runs at.
logging.getLogger("ofxtools").setLevel(logging.WARNING)

_STATEMENT_TAGS: Final = ("STMTRS", "CCSTMTRS")
_CREDIT_CARD_ACCOUNT_TYPE: Final = "CREDITCARD"
_REDOWNLOAD: Final = "download the statement from Chase again"
_CANT_SET: Final = re.compile(r"Can't set (?P<aggregate>[A-Z0-9.]+)\.(?P<element>\w+) to")
_AGGREGATE_NAMED: Final = re.compile(
    r"(?:spec for|Duplicate element <[A-Z0-9.]+> in) (?P<aggregate>[A-Z0-9]+)"
)
_CHARSET: Final = re.compile(rb"CHARSET:\s*(?P<charset>[\w-]+)")
#: How the OFX v1 CHARSET values read to a person (NONE means the v2 default, UTF-8).
_CHARSET_NAMES: Final = {"NONE": "UTF-8", "1252": "Windows-1252", "ISO-8859-1": "ISO-8859-1"}
_POSITION: Final = re.compile(r"position=\[(?P<start>\d+):\d+\]")
_MISMATCH: Final = re.compile(r"Mismatched tags: open='(?P<open>[^']*)', close='(?P<close>[^']*)'")
_OFX_DATE: Final = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")

#: Amounts with more integer digits than this are refused: no real statement has
#: them, and they would make later ``Decimal`` arithmetic expensive.
MAX_AMOUNT_DIGITS: Final = 15

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

_FIELD_HINTS: Final = {
    "dtposted": "expected an OFX date such as 20261103 or 20261103120000[-5:EST]",
    "dtuser": "expected an OFX date such as 20261103",
    "dtavail": "expected an OFX date such as 20261103",
    "trnamt": "expected a number such as -5.75",
    "trntype": "expected an OFX transaction type such as DEBIT, CREDIT, CHECK or PAYMENT",
    "fitid": "every transaction needs the bank's unique FITID",
}


@dataclass(frozen=True, slots=True)
class _Source:
    """The decoded file and where its markup body starts, to turn positions into lines."""

    text: str
    body_start: int

    def line_at(self, offset: int) -> int:
        return self.text.count("\n", 0, max(offset, 0)) + 1

    def tag_offsets(self, tag: str) -> list[int]:
        return [match.start() for match in re.finditer(f"<{re.escape(tag)}>", self.text)]

    def find_tag(self, tag: str, after: int = 0) -> int | None:
        found = self.text.find(f"<{tag}>", after)
        return None if found < 0 else found


class _StrictTreeBuilder(TreeBuilder):
    """ofxtools' tree builder, refusing a closing tag that does not close the open element.

    The stock builder accepts ``<NAME>x</MEMO>`` and builds a wrong tree; raising
    ``ParseError`` here lets ofxtools report the position, and so the line.
    """

    def __init__(self) -> None:
        super().__init__()
        self.unclosed: list[str] = []

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
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


def parse_ofx(content: bytes, *, account_id: str, declared: ImportFormat) -> ImportedFile:
    """Every transaction of one Chase QFX/OFX statement, reported as ``declared``."""
    root, source = _parse_markup(content)
    _mask_account_numbers(root)
    statement = _single_statement(root, source)
    transactions = _read_transactions(statement, source, account_id)
    converted = _convert_document(root, source)
    statements = list(converted.statements)
    account = _statement_account(statements[0])
    return ImportedFile(
        format=declared,
        layout=ChaseLayout.OFX,
        account_id=account_id,
        account=account,
        transactions=transactions,
    )


def _parse_markup(content: bytes) -> tuple[ET.Element, _Source]:
    # ofxtools' messages can quote the whole file: they are replaced, and the
    # original is dropped from the chain (``from None``) so no traceback logs it.
    try:
        header, body = parse_header(io.BytesIO(content))
    except UnicodeDecodeError:
        raise _encoding_rejection(content) from None
    except Exception as error:
        raise _header_rejection(error) from None
    if not body.strip():
        reject("the file has an OFX header but no statement after it; " + _REDOWNLOAD)
    source = _decode_whole(content, str(header.codec), body)
    builder = _StrictTreeBuilder()
    try:
        builder.feed(body)
    except Exception as error:
        raise _markup_rejection(error, source) from None
    if builder.unclosed:
        reject(
            f"the file is cut off: it ends before </{builder.unclosed[-1]}>; " + _REDOWNLOAD,
            line=source.line_at(len(source.text.rstrip())),
        )
    root = builder.close()
    if not isinstance(root, ET.Element) or root.tag != "OFX":
        reject(
            "the OFX body must start with <OFX>; " + _REDOWNLOAD,
            line=source.line_at(source.body_start),
        )
    _drop_private_tags(root)
    return root, source


def _mask_account_numbers(root: ET.Element) -> None:
    """Mask every ``<ACCTID>`` before ofxtools sees the tree.

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
                f"wrong encoding: byte 0x{part[error.start]:02X} {rule}; " + _REDOWNLOAD,
                line=content.count(b"\n", 0, error.start) + 1,
            )
    return rejection("wrong encoding: the file does not match its declared character set")


def _header_rejection(error: Exception) -> ChaseImportError:
    if isinstance(error, OFXHeaderError):
        return rejection(
            "the OFX header is malformed or incomplete (it must start with OFXHEADER:100 "
            "and list DATA, VERSION, SECURITY, ENCODING, CHARSET and the FILEUIDs, or be "
            '<?OFX OFXHEADER="200" ...?> after the XML declaration); ' + _REDOWNLOAD,
            line=1,
        )
    return rejection("the OFX header cannot be read; " + _REDOWNLOAD, line=1)


def _markup_rejection(error: Exception, source: _Source) -> ChaseImportError:
    if isinstance(error, ParseError):
        return rejection(_markup_problem(str(error)), line=_markup_line(source, str(error)))
    return rejection("the OFX markup is malformed; " + _REDOWNLOAD)


def _decode_whole(content: bytes, codec: str, body: str) -> _Source:
    text = content.decode(codec, errors="replace")
    found = text.rfind(body) if body else -1
    return _Source(text=text, body_start=max(found, 0))


def _markup_problem(message: str) -> str:
    mismatch = _MISMATCH.search(message)
    if mismatch is not None and not mismatch["open"]:
        return (
            f"the OFX markup is malformed: </{mismatch['close']}> closes an element "
            "that was never opened; " + _REDOWNLOAD
        )
    if mismatch is not None:
        return (
            f"the OFX markup is malformed: <{mismatch['open']}> is closed by "
            f"</{mismatch['close']}>; " + _REDOWNLOAD
        )
    if message.startswith("Tail text"):
        return "the OFX markup is malformed: text sits outside any element; " + _REDOWNLOAD
    return "the OFX markup is malformed; " + _REDOWNLOAD


def _markup_line(source: _Source, message: str) -> int | None:
    position = _POSITION.search(message)
    if position is None:
        return None
    return source.line_at(source.body_start + int(position["start"]))


def _single_statement(root: ET.Element, source: _Source) -> ET.Element:
    statements = [element for element in root.iter() if element.tag in _STATEMENT_TAGS]
    if not statements:
        if any(element.tag == "INVSTMTRS" for element in root.iter()):
            reject(
                "this is an investment statement (<INVSTMTRS>); Chase file import reads "
                "bank and credit card statements only"
            )
        reject(
            "the file has no bank or credit card statement (<STMTRS> or <CCSTMTRS>); "
            "download the account's activity from Chase as QFX"
        )
    if len(statements) > 1:
        offsets = source.tag_offsets(statements[1].tag)
        reject(
            f"the file holds {len(statements)} statements; download one account per file "
            "so every transaction lands in the right account",
            line=source.line_at(offsets[-1]) if offsets else None,
        )
    return statements[0]


def _read_transactions(
    statement: ET.Element, source: _Source, account_id: str
) -> tuple[Transaction, ...]:
    elements = list(statement.iter("STMTTRN"))
    offsets = source.tag_offsets("STMTTRN")
    # The statement's <STMTTRN> are the file's only ones: there is exactly one statement.
    starts = offsets if len(offsets) == len(elements) else [source.body_start] * len(elements)
    currency = _text(statement, "CURDEF") or ""
    problems = ProblemLog()
    ids = IdMaker(account_id, ChaseLayout.OFX)
    transactions: list[Transaction] = []
    for element, start in zip(elements, starts, strict=True):
        converted = _convert_transaction(element, start, source, problems)
        if converted is None:
            continue
        transactions.append(_transaction(converted, element, currency, account_id, ids))
    if not elements:
        problems.add(
            None,
            "the statement has no transactions (<STMTTRN>); download a date range that "
            "has activity",
        )
    problems.raise_if_any()
    return tuple(transactions)


def _convert_transaction(
    element: ET.Element,
    start: int,
    source: _Source,
    problems: ProblemLog,
) -> Any | None:
    line = source.line_at(start)
    try:
        converted = Aggregate.from_etree(element)
    except Exception as error:  # ofxtools raises ValueError, OFXSpecError, KeyError, ...
        field = _CANT_SET.search(str(error))
        if field is None:
            problems.add(line, f"a transaction {_spec_reason(str(error))}")
            return None
        name = field["element"]
        child_offset = source.find_tag(name.upper(), start)
        where = source.line_at(child_offset) if child_offset is not None else line
        problems.add(where, _field_problem(element, name, str(error)))
        return None
    amount: Decimal = converted.trnamt
    if not amount.is_finite() or amount.adjusted() >= MAX_AMOUNT_DIGITS:
        child_offset = source.find_tag("TRNAMT", start)
        where = source.line_at(child_offset) if child_offset is not None else line
        problems.add(
            where,
            f"TRNAMT {quote(_text(element, 'TRNAMT') or '')} is not an amount; "
            + _FIELD_HINTS["trnamt"],
        )
        return None
    return converted


def _field_problem(element: ET.Element, name: str, message: str) -> str:
    tag = name.upper()
    value = _text(element, tag)
    if not value:
        hint = _FIELD_HINTS.get(name, "the OFX specification requires it")
        return f"<{tag}> is missing from a transaction; {hint}"
    if name in _FIELD_HINTS:
        # Only the fields Dashtam reads are quoted: their values are dates, amounts
        # and type codes, never an account number.
        return f"{tag} {quote(value)} is not valid; {_FIELD_HINTS[name]}"
    return f"<{tag}> of a transaction {_spec_reason(message)}"


def _transaction(
    converted: Any, element: ET.Element, currency: str, account_id: str, ids: IdMaker
) -> Transaction:
    fitid: str = converted.fitid
    name: str | None = converted.name
    payee = converted.payee
    memo: str | None = converted.memo
    description = name or (payee.name if payee is not None else None) or memo or ""
    own_currency = converted.currency
    return Transaction(
        provider_transaction_id=ids.next_id((fitid,)),
        account_id=account_id,
        posted_on=_posted_on(element),
        amount=converted.trnamt,
        currency=own_currency.cursym if own_currency is not None else currency,
        description=description,
        transaction_type=str(converted.trntype),
        memo=memo if memo != description else None,
        check_number=converted.checknum,
    )


def _posted_on(element: ET.Element) -> date:
    # ofxtools accepted DTPOSTED, so it starts with YYYYMMDD.
    match = _OFX_DATE.match(_text(element, "DTPOSTED") or "")
    if match is None:
        raise AssertionError("DTPOSTED passed ofxtools' check but has no YYYYMMDD")
    return date(int(match["year"]), int(match["month"]), int(match["day"]))


def _convert_document(root: ET.Element, source: _Source) -> Any:
    try:
        return Aggregate.from_etree(root)
    except Exception as error:
        raise _document_rejection(str(error), source) from None


def _document_rejection(message: str, source: _Source) -> ChaseImportError:
    field = _CANT_SET.search(message)
    if field is None:
        named = _AGGREGATE_NAMED.search(message)
        where = source.find_tag(named["aggregate"]) if named is not None else None
        return rejection(
            f"the statement {_spec_reason(message)}; " + _REDOWNLOAD,
            line=source.line_at(where) if where is not None else None,
        )
    aggregate, element = field["aggregate"], field["element"].upper()
    parent = source.find_tag(aggregate)
    parent_line = source.line_at(parent) if parent is not None else None
    if f"{field.group(0)} None:" in message:
        return rejection(
            f"<{element}> is missing from <{aggregate}>; " + _REDOWNLOAD, line=parent_line
        )
    child = source.find_tag(element, parent or 0)
    return rejection(
        f"<{element}> in <{aggregate}> {_spec_reason(message)}; " + _REDOWNLOAD,
        line=source.line_at(child) if child is not None else parent_line,
    )


def _statement_account(statement: Any) -> StatementAccount:
    account = statement.account
    ledger = statement.ledgerbal
    return StatementAccount(
        number_masked=mask_account_number(str(account.acctid)),
        account_type=str(getattr(account, "accttype", None) or _CREDIT_CARD_ACCOUNT_TYPE),
        currency=str(statement.curdef),
        ledger_balance=ledger.balamt if ledger is not None else None,
    )


def _text(element: ET.Element, tag: str) -> str | None:
    child = element.find(tag)
    if child is None or child.text is None:
        return None
    return child.text.strip()


def _spec_reason(message: str) -> str:
    """Why ofxtools refused an element, without quoting the element's value.

    ofxtools' messages quote values, and in a damaged file a value can swallow the
    neighbouring account number; only the rule that was broken is passed on.
    """
    for pattern, explain in _REASONS:
        match = pattern.search(message)
        if match is not None:
            return explain(match)
    return "does not follow the OFX specification"
