"""The shipped Chase sample files and the facts Chase tests share about them.

Not named ``samples``: that is the directory the files live in.
"""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"


def sample_bytes(name: str) -> bytes:
    """The content of ``samples/<name>``."""
    return (SAMPLES / name).read_bytes()


CHECKING = sample_bytes("chase-checking.csv")
CREDIT_CARD = sample_bytes("chase-credit-card.csv")
QFX = sample_bytes("chase-checking.qfx")
OFX = sample_bytes("chase-credit-card.ofx")

#: The full account numbers in the QFX and OFX samples; no result may show them.
QFX_ACCOUNT_NUMBER = "000000123456789"
OFX_ACCOUNT_NUMBER = "4111111111114321"

CHECKING_HEADER = b"Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #\n"
CARD_HEADER = b"Transaction Date,Post Date,Description,Category,Type,Amount,Memo\n"
