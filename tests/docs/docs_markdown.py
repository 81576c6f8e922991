"""Reading generated Markdown back with real parsers, so tests check what readers get.

markdown-it-py (CommonMark plus GFM tables) parses the renderer's output into tables,
headings, links, lists and code blocks. Python-Markdown, the parser MkDocs uses, is
also available through :func:`python_markdown_html`. Inline content is flattened to
its text: what a reader sees, with every character reference decoded. Raw HTML
anywhere in inline content is recorded, since the renderer must never produce any
from registry text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import markdown
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark").enable("table")
_ATTR_LIST = re.compile(r"\s*\{#[A-Za-z0-9_-]+\}$")


@dataclass
class Inline:
    """Flattened inline content: visible text, link targets, and any raw HTML found."""

    text: str
    links: list[tuple[str, str]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    raw_html: list[str] = field(default_factory=list)


@dataclass
class Table:
    headers: list[Inline]
    rows: list[list[Inline]]

    @property
    def header_texts(self) -> list[str]:
        return [cell.text for cell in self.headers]

    def column(self, header: str) -> list[Inline]:
        index = self.header_texts.index(header)
        return [row[index] for row in self.rows]

    def as_dicts(self) -> list[dict[str, Inline]]:
        return [dict(zip(self.header_texts, row, strict=True)) for row in self.rows]


@dataclass
class Document:
    """A parsed page: front matter, headings (level, text), tables, lists, code blocks."""

    meta: dict[str, Any]
    headings: list[tuple[int, Inline]]
    tables: list[Table]
    lists: list[list[Inline]]
    code_blocks: list[tuple[str, str]]
    paragraphs: list[Inline]
    #: Block-level HTML the renderer writes on purpose (chips, collapsible samples,
    #: bar charts); see ``assert_safe_html_blocks``. Inline HTML is in ``raw_html()``.
    html_blocks: list[str] = field(default_factory=list)

    def heading_texts(self, level: int | None = None) -> list[str]:
        return [text.text for lvl, text in self.headings if level is None or lvl == level]

    def all_links(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for inline in self._inlines():
            found.extend(inline.links)
        return found

    def raw_html(self) -> list[str]:
        return [html for inline in self._inlines() for html in inline.raw_html]

    def _inlines(self) -> list[Inline]:
        inlines = [text for _, text in self.headings] + self.paragraphs
        for table in self.tables:
            inlines += table.headers + [cell for row in table.rows for cell in row]
        for items in self.lists:
            inlines += items
        return inlines


def split_front_matter(source: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (as MkDocs reads it) and the Markdown after it."""
    if not source.startswith("---\n"):
        return {}, source
    end = source.index("\n---\n", 4)
    meta = yaml.safe_load(source[4:end]) or {}
    return meta, source[end + 5 :]


def flatten(token: Token) -> Inline:
    """The visible text of an inline token, plus its links, code spans and raw HTML."""
    inline = Inline(text="")
    parts: list[str] = []
    link_start: list[tuple[int, str]] = []
    for child in token.children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "code_inline":
            parts.append(child.content)
            inline.codes.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "html_inline":
            inline.raw_html.append(child.content)
            parts.append(child.content)
        elif child.type == "link_open":
            link_start.append((len("".join(parts)), str(child.attrs.get("href", ""))))
        elif child.type == "link_close":
            start, href = link_start.pop()
            inline.links.append(("".join(parts)[start:], href))
        elif child.type == "image":
            inline.raw_html.append(f"image:{child.attrs.get('src')}")
    inline.text = "".join(parts)
    return inline


def parse(source: str) -> Document:
    """Parse generated Markdown (front matter first) into a :class:`Document`."""
    meta, body = split_front_matter(source)
    tokens = _PARSER.parse(body)
    document = Document(meta=meta, headings=[], tables=[], lists=[], code_blocks=[], paragraphs=[])
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            inline = flatten(tokens[index + 1])
            # Python-Markdown's attr_list ("## Setup {#setup}"); markdown-it keeps it as
            # text. Only a literal brace in the source counts: escaped text has none.
            attr_list = _ATTR_LIST.search(tokens[index + 1].content)
            if attr_list:
                inline.text = inline.text.removesuffix(attr_list.group(0))
            document.headings.append((int(token.tag[1]), inline))
            index += 3
            continue
        if token.type == "table_open":
            index = _read_table(tokens, index, document)
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            index = _read_list(tokens, index, document)
            continue
        if token.type == "fence":
            document.code_blocks.append((token.info.strip(), token.content))
        if token.type == "html_block":
            document.html_blocks.append(token.content)
        if token.type == "paragraph_open":
            document.paragraphs.append(flatten(tokens[index + 1]))
            index += 3
            continue
        index += 1
    return document


def _read_table(tokens: list[Token], index: int, document: Document) -> int:
    headers: list[Inline] = []
    rows: list[list[Inline]] = []
    row: list[Inline] = []
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            row = []
        elif token.type == "inline":
            row.append(flatten(token))
        elif token.type == "tr_close":
            if headers:
                rows.append(row)
            else:
                headers = row
        index += 1
    document.tables.append(Table(headers=headers, rows=rows))
    return index + 1


def _read_list(tokens: list[Token], index: int, document: Document) -> int:
    depth = 0
    items: list[Inline] = []
    while True:
        token = tokens[index]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                break
        elif token.type == "inline":
            items.append(flatten(token))
        index += 1
    document.lists.append(items)
    return index + 1


#: The only tags and attributes the renderer's HTML blocks may use.
SAFE_BLOCK_TAGS = frozenset({"div", "span", "details", "summary"})
SAFE_BLOCK_ATTRIBUTES = frozenset({"class", "role", "aria-label", "style", "open", "markdown"})


class _BlockChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SAFE_BLOCK_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in SAFE_BLOCK_ATTRIBUTES:
                self.problems.append(f"attribute {name}={value!r} on <{tag}>")
            if name == "style" and not re.fullmatch(r"width: \d+(\.\d)?%", value or ""):
                self.problems.append(f"style {value!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag not in SAFE_BLOCK_TAGS:
            self.problems.append(f"tag </{tag}>")


def unsafe_html(document: Document) -> list[str]:
    """What in the page's HTML blocks is not one of the renderer's own safe constructs."""
    checker = _BlockChecker()
    for block in document.html_blocks:
        checker.feed(block)
    checker.close()
    return checker.problems


def python_markdown_html(source: str) -> str:
    """HTML from Python-Markdown with the extensions ``mkdocs.yml`` enables."""
    _, body = split_front_matter(source)
    return markdown.markdown(
        body, extensions=["tables", "fenced_code", "attr_list", "admonition", "toc"]
    )
