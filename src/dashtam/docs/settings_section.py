"""The Settings section of a provider page: a table and a ``.env`` snippet.

Values never come from the environment or a ``.env`` file: the snippet holds
placeholders derived from the field name, and secret defaults are not printed.
"""

from __future__ import annotations

import textwrap
from typing import Final

from dashtam.docs.escape import code_block, md_code, md_text, one_line
from dashtam.docs.markup import join_blocks, table
from dashtam.docs.model import ProviderFacts
from dashtam.docs.settings_facts import SettingInfo

#: The widest a ``.env`` comment line is wrapped to, so the snippet does not scroll.
COMMENT_WIDTH: Final = 76


def settings_section(facts: ProviderFacts) -> str:
    """``## Settings``: every setting the provider reads, as a table and a ``.env`` snippet."""
    name = md_text(facts.entry.display_name)
    if not facts.settings:
        return join_blocks(
            "## Settings {#settings}",
            f"{name} reads no Dashtam settings: there is no environment variable to set for it.",
        )
    return join_blocks(
        "## Settings {#settings}",
        f"Every setting the {name} integration reads, from Dashtam's settings model. Set "
        f"them as environment variables or in a `.env` file in the directory Dashtam starts "
        f"from.",
        settings_table(facts),
        "A `.env` starting point, with placeholders instead of values:",
        env_snippet(facts),
    )


def is_required(info: SettingInfo, facts: ProviderFacts) -> bool:
    """Required when the registry says the provider needs it, or the model has no default."""
    return info.name in facts.entry.required_settings or not info.has_default


def default_markdown(info: SettingInfo) -> str:
    """The default as a code span, or the note saying why no value is shown."""
    return md_code(info.default) if info.default is not None else md_text(info.default_note)


def placeholder(info: SettingInfo) -> str:
    """A value that is obviously not real: ``your-schwab-app-key``."""
    return "your-" + "-".join(one_line(info.name).lower().replace("_", " ").split())


def settings_table(facts: ProviderFacts) -> str:
    """Env var, type, required, secret, default, description: one row per setting.

    The description comes last: it is the one column that wraps, so the table keeps
    its short columns readable at any width.
    """
    rows = [
        [
            md_code(info.env_var),
            type_markdown(info),
            "yes" if is_required(info, facts) else "no",
            ("yes" if info.secret else "no") if info.defined else "unknown",
            default_markdown(info),
            _description(info),
        ]
        for info in facts.settings
    ]
    return table(["Env var", "Type", "Required", "Secret", "Default", "Description"], rows)


def type_markdown(info: SettingInfo) -> str:
    """``string``, ``integer``...; a choice as "one of" its values; "unknown" if undefined."""
    if not info.defined:
        return "unknown"
    if info.allowed_values:
        return "one of " + ", ".join(md_code(value) for value in info.allowed_values)
    return info.value_type


def _description(info: SettingInfo) -> str:
    if not info.defined:
        return "Not a field of the settings model, so Dashtam cannot read it."
    return md_text(info.description) if info.description else "(no description)"


def comment_lines(text: str) -> list[str]:
    """``text`` as ``#`` comment lines of at most :data:`COMMENT_WIDTH` characters.

    Long words (URLs) stay whole rather than being cut, so a line may run longer.
    """
    return textwrap.wrap(
        text,
        COMMENT_WIDTH,
        initial_indent="# ",
        subsequent_indent="# ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def env_snippet(facts: ProviderFacts) -> str:
    """A ``.env`` block: required settings with placeholders, optional ones commented out."""
    lines = comment_lines(
        f"{one_line(facts.entry.display_name)} ({facts.slug}): set the required values; "
        f"uncomment an optional line to change its default."
    )
    for info in facts.settings:
        required = is_required(info, facts)
        traits = ["required" if required else "optional", *(["secret"] if info.secret else [])]
        if not required and info.default is not None:
            traits.append(f"default {one_line(info.default)}")
        about = one_line(info.description) or "No description."
        lines.extend(comment_lines(f"{about} ({', '.join(traits)})"))
        value = placeholder(info) if info.default is None else one_line(info.default)
        lines.append(f"{'' if required else '# '}{one_line(info.env_var)}={value}")
    return code_block("\n".join(lines), "dotenv")
