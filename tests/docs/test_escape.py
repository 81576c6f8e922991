"""Escaping: any text placed in generated Markdown reads back as exactly that text.

The contract (see ``dashtam.docs.escape``): parsing ``md_text(s)`` yields
``visible_text(s)``, which is ``s`` with characters HTML forbids (most control
characters, noncharacters) replaced by U+FFFD. Newlines, tabs and surrounding spaces
are kept as characters. Checked with markdown-it-py and with Python-Markdown, the
parser MkDocs uses, in every context the renderer puts registry text in.
"""

from __future__ import annotations

import html
import re

import pytest
from bs4 import BeautifulSoup
from docs_markdown import parse, python_markdown_html
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dashtam.docs.escape import (
    _FORBIDDEN,
    checked_url,
    code_block,
    fence_for,
    html_attribute_text,
    md_code,
    md_link,
    md_text,
    safe_url,
    visible_text,
)

HOSTILE = [
    "a|b",
    "<script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "`code` ``two``",
    "*bold* **strong** _em_ __em__",
    "[link](javascript:alert(1))",
    "line\nbreak",
    "cr\r\nlf",
    "  leading and trailing  ",
    "\ttab",
    "# not a heading",
    "1. not a list",
    "- not a list",
    "> not a quote",
    "!!! note",
    "{: onclick=alert(1) }",
    "&amp; &lt; &#60; &unknown;",
    "back\\slash \\| \\*",
    "<img src=x onerror=alert(1)>",
    "Ünïcødé 😀 \u202e\u2028\u00a0",
    "nul\x00 bell\x07 del\x7f c1\x85 nonchar\ufffe",
    "===",
    "---",
    "    four spaces",
    "~~strike~~ ^sup^ ==mark== $math$ :emoji:",
]

# Registry text: anything, with the characters that are syntax somewhere made likely.
SYNTAX_CHARS = st.sampled_from(list("|<>`*_[](){}#!\\&;:\n\r\t -=+.~^\"'$%@/?"))
TEXT = st.text(st.one_of(SYNTAX_CHARS, st.characters(codec="utf-8")), min_size=1, max_size=40)


def markdown_it_cell(text: str) -> str:
    document = parse(f"| h |\n| --- |\n| {md_text(text)} |\n")
    assert len(document.tables) == 1
    [[cell]] = document.tables[0].rows
    assert cell.raw_html == []
    assert cell.links == []
    return cell.text


def markdown_it_contexts(text: str) -> list[str]:
    """``md_text(text)`` read back as a table cell, heading, list item and link text."""
    escaped = md_text(text)
    heading = parse(f"# {escaped}\n")
    bullet = parse(f"- {escaped}\n")
    numbered = parse(f"1. {escaped}\n")
    linked = parse(f"[{escaped}](target.md)\n")
    assert heading.raw_html() == bullet.raw_html() == linked.raw_html() == []
    assert len(bullet.lists) == 1
    assert len(bullet.lists[0]) == 1, "text opened a nested list"
    assert len(numbered.lists) == 1
    assert len(numbered.lists[0]) == 1
    assert linked.all_links() == [(linked.paragraphs[0].text, "target.md")]
    return [
        markdown_it_cell(text),
        heading.heading_texts(1)[0],
        bullet.lists[0][0].text,
        numbered.lists[0][0].text,
        linked.paragraphs[0].text,
    ]


def python_markdown_contexts(text: str) -> list[str]:
    """The same contexts through Python-Markdown, the parser MkDocs uses.

    BeautifulSoup checks the structure (no tag or attribute came from the text). The
    text is decoded with ``html.unescape``, which follows the HTML standard for
    character references, because BeautifulSoup's html.parser turns an element
    holding nothing but ``&#13;`` into a space, unlike a browser.
    """
    escaped = md_text(text)
    output = python_markdown_html(
        f"# {escaped}\n\n| h |\n| --- |\n| {escaped} |\n\n- {escaped}\n\n[{escaped}](t.md)\n"
    )
    soup = BeautifulSoup(output, "html.parser")
    tags = [tag.name for tag in soup.find_all(True)]
    assert tags == ["h1", "table", "thead", "tr", "th", "tbody", "tr", "td", "ul", "li", "p", "a"]
    assert [tag.attrs for tag in soup.find_all(True) if tag.name != "h1"] == [{}] * 10 + [
        {"href": "t.md"}
    ]
    inner = [
        re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", output, re.DOTALL)
        for tag in ("h1", "td", "li", "a")
    ]
    assert all(match is not None for match in inner)
    return [html.unescape(match.group(1)) for match in inner if match is not None]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_reads_back_exactly_with_markdown_it(text: str) -> None:
    assert markdown_it_contexts(text) == [visible_text(text)] * 5


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_reads_back_exactly_with_python_markdown(text: str) -> None:
    assert python_markdown_contexts(text) == [visible_text(text)] * 4


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("|")
@example("\n")
@example(" ")
def test_any_text_reads_back_exactly_with_markdown_it(text: str) -> None:
    assert markdown_it_contexts(text) == [visible_text(text)] * 5


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_any_text_reads_back_exactly_with_python_markdown(text: str) -> None:
    assert python_markdown_contexts(text) == [visible_text(text)] * 4


def test_visible_text_replaces_only_what_html_forbids() -> None:
    assert visible_text("a\tb\nc\rd\x0ce") == "a\tb\nc\rd\x0ce"
    assert visible_text("\x00\x01\x1f\x7f\x9f\ufdd0\uffff") == "\ufffd" * 7
    assert visible_text("é😀\u2028") == "é😀\u2028"


def test_ordinary_names_stay_readable_in_the_markdown() -> None:
    assert md_text("Charles Schwab") == "Charles Schwab"
    assert md_text("Version 1.5, 2026") == "Version 1.5, 2026"
    assert md_text("Chase (File Import)") == "Chase (File Import)"


@given(TEXT)
def test_attribute_text_is_plain_ascii_without_quotes_or_tags(text: str) -> None:
    encoded = html_attribute_text(text)
    assert encoded.isascii()
    assert not re.search(r"[<>\"'\\\n]", encoded)


def test_code_spans_only_for_plain_identifiers() -> None:
    assert md_code("SCHWAB_APP_KEY") == "`SCHWAB_APP_KEY`"
    assert md_code("/oauth/schwab/callback") == "`/oauth/schwab/callback`"
    assert md_code("a|b") == md_text("a|b")
    assert md_code("x`y") == md_text("x`y")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "/relative",
        "ftp://x.example",
        "https://",
        "https://exa mple.com",
        "https://x.example/\nnext",
    ],
)
def test_only_absolute_http_urls_become_links(url: str) -> None:
    assert safe_url(url) is None
    document = parse(md_link("name", url) + "\n")
    assert document.all_links() == []
    assert document.paragraphs[0].text == "name"


_URL_PIECES = st.sampled_from(
    [
        "http",
        "https",
        "HTTP",
        "://",
        ":",
        "/",
        "//",
        "?",
        "#",
        "@",
        "[",
        "]",
        "%",
        "%2",
        "a",
        "Z",
        "9",
        ".",
        "-",
        "_",
        "~",
        "!",
        "(",
        ")",
        " ",
        "\t",
        "\x00",
        "é",
        "<",
        "'",
        "\\",
    ]
)


@given(st.lists(_URL_PIECES, max_size=12).map("".join))
def test_the_plain_url_shortcut_agrees_with_the_full_check(url: str) -> None:
    assert safe_url(url) == checked_url(url)


@given(st.text(max_size=40))
def test_the_plain_text_shortcut_agrees_with_the_full_replacement(text: str) -> None:
    assert visible_text(text) == _FORBIDDEN.sub("\ufffd", text)


def test_link_destinations_cannot_be_broken_out_of() -> None:
    url = "https://x.example/a(b)c<d>e\"f'g`h\\i j"
    [(text, href)] = parse(md_link("x", url.replace(" ", "")) + "\n").all_links()
    assert text == "x"
    assert href.startswith("https://x.example/a")
    assert not set(href) & set("()<>\"'`\\ ")


@given(st.text(st.sampled_from(list("`~ab\n")), max_size=60))
def test_code_blocks_show_their_content_verbatim(content: str) -> None:
    document = parse(code_block(content, "csv") + "\n")
    assert len(document.code_blocks) == 1
    language, body = document.code_blocks[0]
    expected = content.replace("\r\n", "\n").replace("\r", "\n")
    assert language == "csv"
    assert body == (expected if expected.endswith("\n") else expected + "\n")
    assert len(fence_for(content)) > max((len(r) for r in re.findall("`+", content)), default=0)


def test_code_block_html_is_escaped_by_python_markdown() -> None:
    html = python_markdown_html(code_block("<script>alert(1)</script>\n```\n") + "\n")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    code = soup.find("code")
    assert code is not None
    assert code.get_text() == "<script>alert(1)</script>\n```\n"
