"""The small HTML pages a browser lands on after an OAuth redirect.

Every text is escaped: a provider's ``error_description`` or a display name cannot
inject markup. No page ever shows a state, code or token.
"""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - Dashtam</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{title}</h1>
{paragraphs}
{link}
</main></body></html>
"""


def page(
    title: str,
    paragraphs: list[str],
    *,
    status_code: int,
    link: tuple[str, str] | None = None,
) -> HTMLResponse:
    """An HTML page with ``title``, ``paragraphs`` and an optional ``(href, text)`` link."""
    body = _TEMPLATE.format(
        title=escape(title),
        paragraphs="\n".join(f"<p>{escape(text)}</p>" for text in paragraphs),
        link=f'<p><a href="{escape(link[0])}">{escape(link[1])}</a></p>' if link else "",
    )
    return HTMLResponse(body, status_code=status_code, headers={"Cache-Control": "no-store"})
