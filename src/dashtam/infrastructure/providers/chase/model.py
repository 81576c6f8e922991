"""What one Chase file import yields, independent of the format it came in.

The importer returns this whole or raises: a caller never sees a half-read file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from dashtam.domain.providers import ImportFormat, LabelledStrEnum
from dashtam.domain.providers.models import Transaction


class ChaseLayout(LabelledStrEnum):
    """The file layouts Chase exports; each CSV layout has its own fixed header row."""

    CHECKING = (
        "checking",
        "Checking or savings CSV",
        "Spreadsheet export of a checking or savings account.",
    )
    CREDIT_CARD = (
        "credit_card",
        "Credit card CSV",
        "Spreadsheet export of a credit card account.",
    )
    OFX = (
        "ofx",
        "QFX / OFX statement",
        "Quicken Web Connect or OFX statement of a bank or credit card account.",
    )


#: The exact header row of each CSV layout, in Chase's column order.
CSV_HEADERS: Final[Mapping[ChaseLayout, tuple[str, ...]]] = MappingProxyType(
    {
        ChaseLayout.CHECKING: (
            "Details",
            "Posting Date",
            "Description",
            "Amount",
            "Type",
            "Balance",
            "Check or Slip #",
        ),
        ChaseLayout.CREDIT_CARD: (
            "Transaction Date",
            "Post Date",
            "Description",
            "Category",
            "Type",
            "Amount",
            "Memo",
        ),
    }
)


@dataclass(frozen=True, kw_only=True, slots=True)
class StatementAccount:
    """The account an OFX/QFX statement names; the number is masked to its last 4 digits.

    CSV exports carry no account details, so a CSV import has none.
    """

    number_masked: str
    account_type: str
    currency: str
    ledger_balance: Decimal | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class ImportedFile:
    """A fully parsed Chase export: its detected format and layout, and every transaction."""

    format: ImportFormat
    layout: ChaseLayout
    account_id: str
    transactions: tuple[Transaction, ...]
    account: StatementAccount | None = None
