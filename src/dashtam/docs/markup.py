"""Small Markdown building blocks shared by the page renderers.

Cells and items handed to the layout helpers are already Markdown (built with
:mod:`dashtam.docs.escape`); ``code_list`` escapes what it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dashtam.docs.escape import html_attribute_text, md_code, md_text, one_line


def page_start(title: str, intro: str = "", description: str = "") -> str:
    """Front matter plus the H1 of a page titled ``title`` (plain text, escaped here).

    Material prints a page's title in ``<title>`` through ``striptags``, which turns an
    escaped ``&lt;`` back into ``<``; a front-matter title is printed as it is, so a
    reference-encoded one stays inert. ``description`` (plain text) becomes the page's
    ``<meta name="description">``, printed the same way.
    """
    meta = f'title: "{html_attribute_text(title)}"\n'
    if description:
        meta += f'description: "{html_attribute_text(one_line(description))}"\n'
    head = f"---\n{meta}---\n\n# {md_text(title)}\n"
    return f"{head}\n{intro}\n" if intro else head


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table; cells must be single-line Markdown with any ``|`` escaped."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
    ]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def numbered_list(items: Iterable[str]) -> str:
    """An ordered list of single-line Markdown items."""
    return "".join(f"{number}. {item}\n" for number, item in enumerate(items, start=1))


def join_blocks(*blocks: str) -> str:
    """Markdown blocks separated by one blank line, ending with a single newline."""
    return "\n".join(block.rstrip("\n") + "\n" for block in blocks if block.strip())


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``"1 provider"`` / ``"3 providers"``."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def code_list(names: Iterable[str], empty: str = "none") -> str:
    """``names`` as comma-separated code spans, or ``empty`` when there are none."""
    return ", ".join(md_code(name) for name in names) or empty
