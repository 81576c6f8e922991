"""The auth-type-specific "Setup" section of a provider page, one function per auth type.

Each reads the entry's setup record (``OAuthSetup``, ``ApiKeySetup``,
``FileImportSetup``); auth types without a record get a section built from the auth
type's description alone.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from typing import Final

from dashtam.core.oauth.routes import oauth_callback_path, oauth_redirect_uri
from dashtam.docs.escape import code_block, md_code, md_link, md_text, md_url, one_line
from dashtam.docs.markup import join_blocks, numbered_list, plural, table
from dashtam.docs.model import ProviderFacts
from dashtam.docs.settings_facts import LOCAL_BASE_URL, SettingInfo
from dashtam.docs.settings_section import default_markdown
from dashtam.domain.providers import (
    ApiKeySetup,
    FileImportSetup,
    ImportFormat,
    OAuthSetup,
    SampleFile,
)

#: Samples longer than this many lines are shown collapsed.
COLLAPSE_LINES: Final = 12
HTTP: Final = "http://"
HTTPS: Final = "https://"
#: Sample rows shown in a CSV's "what a row looks like" table.
_SAMPLE_ROWS: Final = 20
_UNITS: Final = (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024))


def setup_heading(facts: ProviderFacts) -> str:
    """The section heading, named after the auth type's label; always anchored ``#setup``."""
    return f"## Setup: {md_text(facts.entry.auth_type.label)} {{#setup}}"


def redirect_uri(slug: str, base_url: SettingInfo | None, *, https: bool = False) -> str:
    """The redirect URI with the base URL's default (or the local address).

    With ``https`` (the provider accepts nothing else) an ``http://`` base is shown as
    ``https://``: the URI to register is the one the provider will accept.
    """
    base = base_url.default if base_url is not None and base_url.default else LOCAL_BASE_URL
    if https and base.startswith(HTTP):
        base = HTTPS + base.removeprefix(HTTP)
    return oauth_redirect_uri(base, slug)


def https_warning(display_name: str, slug: str, uri: str, base_url: SettingInfo | None) -> str:
    """A warning box: the provider wants https, and how to serve Dashtam that way locally.

    The name is put on one line: the box's title and indented body end at a newline.
    """
    name = md_text(one_line(display_name))
    setting = md_code(base_url.env_var) if base_url is not None else "Dashtam's public address"
    base = uri.removesuffix(oauth_callback_path(slug))
    assignment = md_code(f"{base_url.env_var}={base}" if base_url is not None else base)
    body = (
        f"{name} accepts only `https://` redirect URIs, so register {md_code(uri)} rather "
        f"than an `http://` address. Dashtam itself serves plain HTTP: run it behind a "
        f"TLS-terminating reverse proxy (for a local setup, one with a locally trusted "
        f"certificate for `localhost`), and set {setting} to the https address the proxy "
        f"serves, e.g. {assignment}, so the URI Dashtam sends matches the registered one. "
        f"Register the address you will keep: changing a registered callback URL usually "
        f"means another review of the app."
    )
    return f'!!! warning "{name} requires HTTPS redirect URIs"\n\n    {body}\n'


def oauth_section(facts: ProviderFacts, setup: OAuthSetup, base_url: SettingInfo | None) -> str:
    """App registration, redirect URI, scopes, credentials, connecting, token refresh."""
    name = md_text(facts.entry.display_name)
    uri = redirect_uri(facts.slug, base_url, https=setup.requires_https_redirect)
    warning = (
        https_warning(facts.entry.display_name, facts.slug, uri, base_url)
        if setup.requires_https_redirect
        else ""
    )
    callback = md_code(oauth_callback_path(facts.slug))
    if base_url is not None and setup.requires_https_redirect:
        where = (
            f"Dashtam builds it from the {md_code(base_url.env_var)} setting plus "
            f"{callback}; the value above is its default ({default_markdown(base_url)}) "
            f"served over https. If Dashtam is reached at another address, register that "
            f"address followed by {callback} instead."
        )
    elif base_url is not None:
        where = (
            f"Dashtam builds it from the {md_code(base_url.env_var)} setting plus "
            f"{callback}; the value above uses its default "
            f"({default_markdown(base_url)}). If you set {md_code(base_url.env_var)}, "
            f"register that address followed by {callback} instead."
        )
    else:
        where = (
            f"Dashtam serves the callback at {callback} on its own "
            f"address; the value above is for Dashtam running locally at "
            f"{md_code(LOCAL_BASE_URL)}. Use your public address when Dashtam runs elsewhere."
        )
    if setup.scopes:
        scopes = (
            "Dashtam requests these scopes when a user authorizes it, so the app must be "
            "allowed to grant them: " + ", ".join(md_code(scope) for scope in setup.scopes)
        )
    else:
        scopes = f"Dashtam requests no scopes from {name}"
    credentials = (
        "Copy the app's credentials into the settings listed under "
        "[Settings](#settings); the `.env` snippet there shows the variable names."
        if facts.settings
        else "This integration reads no settings, so there is nothing to copy into Dashtam."
    )
    return join_blocks(
        setup_heading(facts),
        md_text(facts.entry.auth_type.description),
        "### Step 1: Register an app {#register-an-app}",
        f"Register an application for Dashtam on {name}'s developer portal: "
        f"{md_url(setup.developer_portal_url)}. When the portal asks for a callback or "
        f"redirect URI, enter:",
        code_block(uri),
        warning,
        where,
        scopes + ".",
        "### Step 2: Give Dashtam the app's credentials {#credentials}",
        credentials,
        "### Step 3: Connect an account {#connect}",
        f"When a user connects {name}, Dashtam sends them to the authorization endpoint "
        f"({md_url(setup.authorization_url)}) to grant access. {name} redirects back to the "
        f"URI above with a one-time code, which Dashtam exchanges for tokens at the token "
        f"endpoint ({md_url(setup.token_url)}).",
        "### How tokens refresh {#token-refresh}",
        f"An access token is valid for {plural(setup.access_token_minutes, 'minute')}. When "
        f"it expires, Dashtam exchanges the refresh token at the token endpoint for a new "
        f"access token, without involving the user. The refresh token itself is valid for "
        f"{plural(setup.refresh_token_days, 'day')}; after that the user must connect the "
        f"account again (step 3).",
    )


def api_key_section(facts: ProviderFacts, setup: ApiKeySetup) -> str:
    """Where the key is created, that it is entered per connection, which headers carry it."""
    name = md_text(facts.entry.display_name)
    return join_blocks(
        setup_heading(facts),
        md_text(facts.entry.auth_type.description),
        "### Create a key {#create-a-key}",
        f"Create an API key and its secret in your {name} account: "
        f"{md_link('key management page', setup.key_page_url)} "
        f"({md_url(setup.key_page_url)}).",
        "### Enter the key when connecting {#enter-the-key}",
        f"The key and secret are entered per connection: each user types their own when "
        f"connecting their {name} account in Dashtam. Dashtam sends the key in the "
        f"{md_code(setup.key_header)} header and the secret in the "
        f"{md_code(setup.secret_header)} header of every request. Nothing about the key is "
        f"stored in Dashtam's settings, so there is no environment variable to set for it.",
    )


def file_import_section(facts: ProviderFacts, setup: FileImportSetup) -> str:
    """Accepted formats, how to export the file, the size limit, and sample files."""
    name = md_text(facts.entry.display_name)
    formats = table(
        ["Format", "Extension", "What it is"],
        [
            [md_text(fmt.label), md_code(f".{fmt.value}"), md_text(fmt.description)]
            for fmt in setup.formats
        ],
    )
    blocks = [
        setup_heading(facts),
        md_text(facts.entry.auth_type.description),
        "### Accepted formats {#formats}",
        formats,
        "### Export the file from the institution {#export}",
        numbered_list(md_text(step) for step in setup.export_steps)
        if setup.export_steps
        else f"{name} lists no export steps.",
        "### Upload it {#upload}",
        f"Upload the file in Dashtam. Files up to {file_size(setup.max_file_bytes)} are "
        f"accepted; a larger file is rejected before it is read.",
    ]
    if setup.samples:
        blocks.append("### Sample files {#samples}")
        blocks.append("Real-shaped examples of the files the importer reads (the data is made up).")
        for sample in setup.samples:
            blocks.extend(_sample_blocks(sample))
    return join_blocks(*blocks)


def generic_section(facts: ProviderFacts) -> str:
    """For auth types without a setup record (link token, certificate)."""
    auth_type = facts.entry.auth_type
    return join_blocks(
        setup_heading(facts),
        md_text(auth_type.description),
        f"The registry holds no {md_text(auth_type.label)} setup record for "
        f"{md_text(facts.entry.display_name)}, so there are no provider-specific steps to "
        f"show; the settings below are everything the integration reads.",
    )


def file_size(size: int) -> str:
    """``5 MiB (5,242,880 bytes)``, or just the bytes for sizes under 1 KiB."""
    for unit, factor in _UNITS:
        if size >= factor:
            amount = size / factor
            shown = f"{amount:.0f}" if size % factor == 0 else f"{amount:.1f}"
            return f"{shown} {unit} ({size:,} bytes)"
    return plural(size, "byte")


def _sample_blocks(sample: SampleFile) -> list[str]:
    fmt = sample.format
    language = fmt.value if isinstance(fmt, ImportFormat) else "text"
    label = fmt.label if isinstance(fmt, ImportFormat) else str(fmt)
    blocks = [
        f"#### {md_text(sample.name)} ({md_text(label)})",
        collapsible(
            f"The file: {plural(len(sample.content.splitlines()), 'line')}",
            code_block(sample.content, language),
        ),
    ]
    if fmt is ImportFormat.CSV:
        rows = csv_rows(sample.content)
        if len(rows) > 1:
            blocks.append("What a row looks like, column by column:")
            blocks.append(csv_table(rows))
    return blocks


def collapsible(summary: str, block: str) -> str:
    """``block`` in a ``<details>`` box titled ``summary``, closed when it is long.

    Raw HTML around Markdown (md_in_html); the summary is plain text, HTML-escaped.
    Blank lines around ``block`` keep every Markdown parser reading it as Markdown.
    """
    state = "" if block.count("\n") > COLLAPSE_LINES else " open"
    title = html.escape(one_line(summary), quote=True)
    return (
        f'<details class="example"{state} markdown>\n<summary>{title}</summary>\n\n'
        f"{block}\n\n</details>"
    )


def csv_rows(content: str) -> list[list[str]]:
    """The CSV's rows (header first), or ``[]`` when it cannot be parsed."""
    try:
        return [row for row in csv.reader(io.StringIO(content)) if row]
    except csv.Error:
        return []


def csv_table(rows: Sequence[Sequence[str]]) -> str:
    """The header and up to 20 data rows as a table; extra unnamed fields get a column each."""
    header, body = rows[0], rows[1 : 1 + _SAMPLE_ROWS]
    width = max(len(row) for row in [header, *body])
    headers = [
        md_text(header[index]) if index < len(header) else f"(unnamed column {index + 1})"
        for index in range(width)
    ]
    cells = [
        [md_text(row[index]) if index < len(row) else "" for index in range(width)] for row in body
    ]
    return table(headers, cells)
