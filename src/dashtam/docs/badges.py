"""Flag badges and health-check facts, as small helpers the pages call.

Kept apart from the pages so the catalogue, the provider page and the statistics
show a provider's flags in the same words, and a page rework only has to call
:func:`badges` where the badges go. The docs show the registry's flags with the
operator overrides (``DISABLED_PROVIDERS``, ``BETA_PROVIDERS``) the site is built
with applied (:func:`dashtam.core.flags.with_operator_flags`).
"""

from __future__ import annotations

from dashtam.docs.escape import md_text, md_url
from dashtam.domain.providers import ProviderMetadata


def badge_texts(entry: ProviderMetadata) -> list[str]:
    """The entry's badges as plain text, in a fixed order: Disabled, Beta, version."""
    texts = []
    if not entry.enabled:
        texts.append("Disabled")
    if entry.beta:
        texts.append("Beta")
    if entry.min_version is not None:
        texts.append(f"Requires Dashtam ≥ {entry.min_version}")
    return texts


def badges(entry: ProviderMetadata) -> str:
    """The entry's badges as inline Markdown ("" for a plain, enabled entry)."""
    return " ".join(f"**{md_text(text)}**" for text in badge_texts(entry))


def with_badges(cell: str, entry: ProviderMetadata) -> str:
    """``cell`` followed by the entry's badges, for a catalogue row."""
    shown = badges(entry)
    return f"{cell} {shown}" if shown else cell


def health_check_text(entry: ProviderMetadata) -> str:
    """The provider page's "Health check" value: the endpoint and how often it is checked."""
    if entry.health_check_url is None:
        return "None: Dashtam calls nothing remote for this provider"
    return (
        f"{md_url(entry.health_check_url)}, every {md_text(_seconds(entry.health_check_interval))}"
    )


def _seconds(seconds: int) -> str:
    if seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} seconds"
