"""Chase file import: checking/savings CSV, credit card CSV, and QFX/OFX statements.

``ChaseFileProvider`` is what the container builds; ``parse_chase_file`` is the
same importer without state, for tests and one-off checks.
"""

from dashtam.infrastructure.providers.chase.model import (
    CSV_HEADERS,
    ChaseLayout,
    ImportedFile,
    StatementAccount,
)
from dashtam.infrastructure.providers.chase.parser import chase_setup, parse_chase_file
from dashtam.infrastructure.providers.chase.problems import ChaseImportError, FileProblem
from dashtam.infrastructure.providers.chase.provider import ChaseFileProvider

__all__ = [
    "CSV_HEADERS",
    "ChaseFileProvider",
    "ChaseImportError",
    "ChaseLayout",
    "FileProblem",
    "ImportedFile",
    "StatementAccount",
    "chase_setup",
    "parse_chase_file",
]
