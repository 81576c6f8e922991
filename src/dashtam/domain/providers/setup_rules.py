"""The rules every field of a setup record follows, for registry validation.

A setup record is printed on its provider's docs page and read by the
implementation, so a wrong type there (``max_file_bytes=None``) used to surface as
a ``TypeError`` deep in the docs build; here each field is checked for its type
and bounds (:mod:`~dashtam.domain.providers.input_rules`) and reported by name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from dashtam.domain.providers.input_rules import (
    MAX_FILE_BYTES_LIMIT,
    MAX_SAMPLE_CHARS,
    MAX_SHORT_TEXT_CHARS,
    MAX_STEP_CHARS,
    header_name_problem,
    positive_int_problem,
    text_problem,
    url_problem,
)
from dashtam.domain.providers.setup import (
    ApiKeySetup,
    FileImportSetup,
    ImportFormat,
    OAuthSetup,
    ProviderSetup,
)

#: (field, why it is refused, what it should be instead).
FieldProblem = tuple[str, str, str]

_URL: Final = "the provider's https:// address (a host name, no user:password@)"
_MINUTES_PER_YEAR: Final = 366 * 24 * 60
_DAYS_PER_DECADE: Final = 3660


def setup_field_problems(setup: ProviderSetup) -> Iterator[FieldProblem]:
    """Every field of ``setup`` that is of the wrong type, out of bounds or unsafe text."""
    if isinstance(setup, OAuthSetup):
        yield from _oauth(setup)
    elif isinstance(setup, ApiKeySetup):
        yield from _api_key(setup)
    else:
        yield from _file_import(setup)


def _oauth(setup: OAuthSetup) -> Iterator[FieldProblem]:
    for field in ("developer_portal_url", "authorization_url", "token_url"):
        problem = url_problem(getattr(setup, field))
        if problem is not None:
            yield field, problem, _URL
    for index, scope in enumerate(setup.scopes):
        problem = text_problem(scope, MAX_SHORT_TEXT_CHARS)
        if problem is None and any(character.isspace() for character in scope):
            problem = "contains white space, which separates scopes"
        if problem is not None:
            yield f"scopes[{index}]", problem, "one scope name as the provider documents it"
    for field, limit, unit in (
        ("access_token_minutes", _MINUTES_PER_YEAR, "minutes"),
        ("refresh_token_days", _DAYS_PER_DECADE, "days"),
    ):
        problem = positive_int_problem(getattr(setup, field), limit)
        if problem is not None:
            yield field, problem, f"a whole number of {unit} from 1 to {limit:,}"


def _api_key(setup: ApiKeySetup) -> Iterator[FieldProblem]:
    problem = url_problem(setup.key_page_url)
    if problem is not None:
        yield "key_page_url", problem, _URL
    for field in ("key_header", "secret_header"):
        problem = header_name_problem(getattr(setup, field))
        if problem is not None:
            yield field, problem, "the HTTP header name the provider documents"


def _file_import(setup: FileImportSetup) -> Iterator[FieldProblem]:
    if not setup.formats:
        yield "formats", "is empty", "a list of the ImportFormat members the importer reads"
    for index, found in enumerate(setup.formats):
        if not isinstance(found, ImportFormat):
            yield f"formats[{index}]", f"is {found!r:.40}, not an ImportFormat", "ImportFormat.CSV"
    if not setup.export_steps:
        yield "export_steps", "is empty", "the steps to download the file, one per item"
    for index, step in enumerate(setup.export_steps):
        problem = text_problem(step, MAX_STEP_CHARS)
        if problem is not None:
            yield (
                f"export_steps[{index}]",
                problem,
                f"one plain sentence of at most {MAX_STEP_CHARS}",
            )
    problem = positive_int_problem(setup.max_file_bytes, MAX_FILE_BYTES_LIMIT)
    if problem is not None:
        yield (
            "max_file_bytes",
            problem,
            f"a whole number of bytes from 1 to {MAX_FILE_BYTES_LIMIT:,}, e.g. 5 * 1024 * 1024",
        )
    for index, sample in enumerate(setup.samples):
        for field, problem in (
            ("name", text_problem(sample.name, MAX_SHORT_TEXT_CHARS)),
            ("content", text_problem(sample.content, MAX_SAMPLE_CHARS, multiline=True)),
        ):
            if problem is not None:
                yield f"samples[{index}].{field}", problem, "plain text within its limit"
        if not isinstance(sample.format, ImportFormat):
            yield f"samples[{index}].format", "is not an ImportFormat", "ImportFormat.CSV"
