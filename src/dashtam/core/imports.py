"""File imports over HTTP: parse the whole file, then store its transactions at once.

The parser (Chase's, from its registry entry's limits) either returns every
transaction or raises with every problem; only then is anything written, in one
transaction. Transaction ids are stable, so re-uploading a file, or one that
overlaps an earlier one, stores nothing twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from dashtam.domain.providers.enums import Provider
from dashtam.domain.providers.errors import InvalidFileError
from dashtam.domain.providers.models import Transaction
from dashtam.domain.providers.registry import get_provider_metadata
from dashtam.domain.providers.setup import FileImportSetup
from dashtam.infrastructure.db.models import ImportedTransactionRow

#: ``IN (...)`` lists are sent in slices of this many ids.
_ID_BATCH = 500


@dataclass(frozen=True, kw_only=True)
class FileProblemReport:
    """One problem of a rejected file: its 1-based line (if it has one) and what is wrong."""

    line: int | None
    message: str


class ImportRejectedError(ValueError):
    """The file was rejected; ``problems`` lists each one; nothing was stored."""

    def __init__(self, provider: str, problems: Sequence[FileProblemReport]) -> None:
        self.provider = provider
        self.problems = tuple(problems)
        super().__init__(
            f"The {provider} file was rejected with {len(self.problems)} problem(s); "
            "nothing was stored."
        )


@dataclass(frozen=True, kw_only=True)
class ImportResult:
    """What an accepted file added."""

    provider: str
    account_id: str
    file_format: str
    transactions_in_file: int
    added: int
    already_stored: int


def file_import_setup(slug: Provider | str) -> FileImportSetup:
    """The registry's file-import facts (formats, size limit) for ``slug``."""
    setup = get_provider_metadata(slug).setup
    if not isinstance(setup, FileImportSetup):
        raise TypeError(f"{slug} has no FileImportSetup in the registry; it takes no uploads.")
    return setup


def import_chase_file(
    engine: Engine, content: bytes, *, account_id: str, filename: str | None
) -> ImportResult:
    """Parse a Chase export and store its transactions under ``account_id``.

    Raises:
        ImportRejectedError: The file is malformed, hostile or too large; every
            problem is listed with its line, and nothing was stored.
    """
    from dashtam.infrastructure.providers.chase.parser import parse_chase_file

    slug = str(Provider.CHASE_FILE)
    try:
        imported = parse_chase_file(
            content,
            account_id=account_id,
            filename=filename,
            setup=file_import_setup(Provider.CHASE_FILE),
        )
    except InvalidFileError as error:
        raise ImportRejectedError(slug, _problems(error)) from None
    added = store_transactions(engine, slug, imported.transactions)
    return ImportResult(
        provider=slug,
        account_id=account_id,
        file_format=str(imported.layout.value),
        transactions_in_file=len(imported.transactions),
        added=added,
        already_stored=len(imported.transactions) - added,
    )


def _problems(error: InvalidFileError) -> list[FileProblemReport]:
    listed = getattr(error, "problems", None)
    if listed:
        return [FileProblemReport(line=p.line, message=p.message) for p in listed]
    return [FileProblemReport(line=error.line, message=str(error))]


def store_transactions(engine: Engine, provider: str, transactions: Sequence[Transaction]) -> int:
    """Insert the transactions not stored yet, in one transaction; returns how many."""
    if not transactions:
        return 0
    ids = [t.provider_transaction_id for t in transactions]
    with Session(engine) as session, session.begin():
        existing: set[str] = set()
        for start in range(0, len(ids), _ID_BATCH):
            existing.update(
                session.scalars(
                    select(ImportedTransactionRow.provider_transaction_id).where(
                        ImportedTransactionRow.provider_slug == provider,
                        ImportedTransactionRow.provider_transaction_id.in_(
                            ids[start : start + _ID_BATCH]
                        ),
                    )
                )
            )
        rows = {
            t.provider_transaction_id: _row(provider, t)
            for t in transactions
            if t.provider_transaction_id not in existing
        }
        if rows:
            insert = postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert
            session.execute(
                insert(ImportedTransactionRow).on_conflict_do_nothing(
                    index_elements=["provider_slug", "provider_transaction_id"]
                ),
                list(rows.values()),
            )
        return len(rows)


def stored_transaction_count(engine: Engine, provider: str) -> int:
    """How many transactions are stored for ``provider``."""
    with Session(engine) as session:
        counted = session.scalar(
            select(func.count())
            .select_from(ImportedTransactionRow)
            .where(ImportedTransactionRow.provider_slug == provider)
        )
        return counted or 0


def _row(provider: str, transaction: Transaction) -> dict[str, object]:
    return {
        "provider_slug": provider,
        "provider_transaction_id": transaction.provider_transaction_id,
        "account_id": transaction.account_id,
        "posted_on": transaction.posted_on,
        "amount": transaction.amount,
        "currency": transaction.currency,
        "description": transaction.description,
        "transaction_type": transaction.transaction_type,
        "memo": transaction.memo,
        "check_number": transaction.check_number,
    }
