"""Chase's QFX (Quicken Web Connect) and OFX statements, SGML (v1) and XML (v2) alike.

ofxtools converts the whole statement once and checks it against the OFX
specification. Only when it blames a transaction is each ``<STMTTRN>`` converted
on its own, so every bad transaction is reported at once with its line; a
statement-level fault (a missing balance, a bad account type) is reported alone.

One file holds one account's statement (bank ``<STMTRS>`` or credit card
``<CCSTMTRS>``): every transaction in it goes to the one Dashtam account the
file is imported into. ``posted_on`` is the date the bank wrote in ``DTPOSTED``
(its first eight digits), not that instant converted to UTC, which can fall on
another day.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date
from typing import Any, Final

from ofxtools.models.base import Aggregate

from dashtam.domain.providers import ImportFormat
from dashtam.domain.providers.models import Transaction
from dashtam.infrastructure.providers.chase.ids import IdMaker
from dashtam.infrastructure.providers.chase.model import (
    ChaseLayout,
    ImportedFile,
    StatementAccount,
)
from dashtam.infrastructure.providers.chase.ofx_fields import AMOUNT_HINT, FieldCheck
from dashtam.infrastructure.providers.chase.ofx_markup import (
    OfxSource,
    mask_account_number,
    read_markup,
)
from dashtam.infrastructure.providers.chase.ofx_reasons import (
    CANT_SET,
    document_rejection,
    spec_reason,
)
from dashtam.infrastructure.providers.chase.ofxtools_output import (
    hold_long_names,
    install_redaction,
)
from dashtam.infrastructure.providers.chase.problems import ProblemLog, quote, reject

install_redaction()

_STATEMENT_TAGS: Final = ("STMTRS", "CCSTMTRS")
_CREDIT_CARD_ACCOUNT_TYPE: Final = "CREDITCARD"
_OFX_DATE: Final = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")

#: ofxtools names one of these when a transaction, not the statement, is at fault;
#: only then is each transaction converted on its own to find them all.
_TRANSACTION_PARTS: Final = re.compile(
    r"\b(?:STMTTRN|PAYEE|CURRENCY|ORIGCURRENCY|BANKACCTTO|CCACCTTO)\b"
)

#: What each transaction field Dashtam reads must look like; only these fields'
#: values are quoted in messages (dates, amounts, type codes: never an account number).
_FIELD_HINTS: Final = {
    "dtposted": "expected an OFX date such as 20261103 or 20261103120000[-5:EST]",
    "trnamt": AMOUNT_HINT,
    "trntype": "expected an OFX transaction type such as DEBIT, CREDIT, CHECK or PAYMENT",
    "fitid": "every transaction needs the bank's unique FITID",
}


def parse_ofx(content: bytes, *, account_id: str, declared: ImportFormat) -> ImportedFile:
    """Every transaction of one Chase QFX/OFX statement, reported as ``declared``."""
    root, source = read_markup(content)
    statement = _single_statement(root, source)
    elements = _transaction_elements(statement)
    starts = _transaction_starts(root, source, statement)
    checked = FieldCheck(root, source)
    held_names = hold_long_names(root)
    if checked.problems:
        # Whatever else ofxtools finds in the other transactions is reported with them.
        others = [element for element in elements if not checked.blames(element)]
        (checked.problems + _transaction_problems(others, starts, source)).raise_if_any()
    converted, failure = _convert(root)
    if converted is None:
        if _TRANSACTION_PARTS.search(failure):
            _transaction_problems(elements, starts, source).raise_if_any()
        raise document_rejection(failure, source)
    model = converted.statements[0]
    records = list(model.banktranlist or ())
    if not elements:
        reject(
            "the statement has no transactions (<STMTTRN>); download a date range that has activity"
        )
    ids = IdMaker(account_id, ChaseLayout.OFX)
    transactions = [
        _transaction(record, element, str(model.curdef), account_id, ids, held_names)
        for record, element in zip(records, elements, strict=True)
    ]
    return ImportedFile(
        format=declared,
        layout=ChaseLayout.OFX,
        account_id=account_id,
        account=_statement_account(model),
        transactions=tuple(transactions),
    )


def _single_statement(root: ET.Element, source: OfxSource) -> ET.Element:
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


def _transaction_elements(statement: ET.Element) -> list[ET.Element]:
    """The statement's transactions, exactly those ofxtools converts, in the same order."""
    transaction_list = statement.find("BANKTRANLIST")
    return [] if transaction_list is None else transaction_list.findall("STMTTRN")


def _transaction_starts(
    root: ET.Element, source: OfxSource, statement: ET.Element
) -> dict[int, int]:
    """Where each ``<STMTTRN>`` element starts in the file, keyed by ``id(element)``.

    The tree keeps no positions; the n-th element in document order is the n-th
    ``<STMTTRN>`` tag in the text. Should the counts differ, every transaction is
    placed at its statement, still the right neighbourhood.
    """
    elements = list(root.iter("STMTTRN"))
    offsets = source.tag_offsets("STMTTRN")
    if len(offsets) != len(elements):
        fallback = source.find_tag(statement.tag) or 0
        offsets = [fallback] * len(elements)
    return {id(element): offset for element, offset in zip(elements, offsets, strict=True)}


def _convert(root: ET.Element) -> tuple[Any, str]:
    """ofxtools' model of the document, or ``None`` and why it refused.

    Returned rather than raised, so that the rejection raised later carries no
    ofxtools exception (and its quoted file contents) in its chain.
    """
    try:
        return Aggregate.from_etree(root), ""
    except Exception as error:  # ofxtools raises ValueError, OFXSpecError, TypeError, ...
        return None, str(error)


def _transaction_problems(
    elements: Sequence[ET.Element], starts: dict[int, int], source: OfxSource
) -> ProblemLog:
    """Every transaction ofxtools refuses, each with its line."""
    problems = ProblemLog()
    for element in elements:
        converted, failure = _convert(element)
        start = starts.get(id(element), 0)
        if converted is None:
            field = CANT_SET.search(failure)
            if field is None:
                problems.add(source.line_at(start), f"a transaction {spec_reason(failure)}")
            else:
                name = field["element"]
                line = source.tag_line(name.upper(), start) or source.line_at(start)
                problems.add(line, _field_problem(element, name, failure))
    return problems


def _field_problem(element: ET.Element, name: str, message: str) -> str:
    tag = name.upper()
    value = _text(element, tag)
    if not value:
        hint = _FIELD_HINTS.get(name, "the OFX specification requires it")
        return f"<{tag}> is missing from a transaction; {hint}"
    if name in _FIELD_HINTS:
        return f"{tag} {quote(value)} is not valid; {_FIELD_HINTS[name]}"
    return f"<{tag}> of a transaction {spec_reason(message)}"


def _transaction(
    record: Any,
    element: ET.Element,
    currency: str,
    account_id: str,
    ids: IdMaker,
    held_names: dict[int, str],
) -> Transaction:
    def full_name(value: str | None, path: str) -> str | None:
        # ofxtools was given a long NAME shortened (see ofxtools_output); read it whole.
        found = element.find(path)
        return held_names.get(id(found), value) if found is not None else value

    name = full_name(record.name, "NAME")
    memo: str | None = record.memo
    payee = record.payee
    payee_name = full_name(payee.name, "PAYEE/NAME") if payee is not None else None
    description = name or payee_name or memo or ""
    own_currency = record.currency
    return Transaction(
        provider_transaction_id=ids.next_id((record.fitid,)),
        account_id=account_id,
        posted_on=_posted_on(element),
        amount=record.trnamt,
        currency=str(own_currency.cursym) if own_currency is not None else currency,
        description=description,
        transaction_type=str(record.trntype),
        memo=memo if memo != description else None,
        check_number=record.checknum,
    )


def _posted_on(element: ET.Element) -> date:
    # ofxtools accepted DTPOSTED, so it starts with YYYYMMDD.
    match = _OFX_DATE.match(_text(element, "DTPOSTED") or "")
    if match is None:
        raise AssertionError("DTPOSTED passed ofxtools' check but has no YYYYMMDD")
    return date(int(match["year"]), int(match["month"]), int(match["day"]))


def _statement_account(statement: Any) -> StatementAccount:
    account = statement.account
    return StatementAccount(
        number_masked=mask_account_number(str(account.acctid)),
        account_type=str(getattr(account, "accttype", None) or _CREDIT_CARD_ACCOUNT_TYPE),
        currency=str(statement.curdef),
        ledger_balance=statement.ledgerbal.balamt if statement.ledgerbal is not None else None,
    )


def _text(element: ET.Element, tag: str) -> str | None:
    child = element.find(tag)
    if child is None or child.text is None:
        return None
    return child.text.strip()
