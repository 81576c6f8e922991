"""``zensical.toml``: the config handed to Zensical, which runs neither gen-files nor literate-nav.

It holds the site settings of ``mkdocs.yml`` (one home for them) and the navigation as an
explicit ``nav``, from the same nav model as ``SUMMARY.md``. ``python -m dashtam.docs
build --out DIR`` writes it to ``DIR`` beside the pages in ``DIR/docs``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from dashtam.docs.errors import DocsBuildError
from dashtam.docs.nav import NavItem, nav_config

CONFIG_FILE: Final = "zensical.toml"
DOCS_FOLDER: Final = "docs"
#: ``mkdocs.yml`` keys that only MkDocs' own build reads, or whose paths are relative to it.
MKDOCS_ONLY_KEYS: Final = frozenset({"INHERIT", "docs_dir", "site_dir", "nav", "hooks", "watch"})
#: Plugins whose work is already done when Zensical starts: the pages and the nav.
GENERATING_PLUGINS: Final = frozenset({"gen-files", "literate-nav"})
_TOML_ESCAPE: Final = re.compile(r'[\x00-\x1f\x7f"\\]')
_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")


def load_mkdocs_config(path: Path) -> dict[str, Any]:
    """The MkDocs config at ``path`` as plain data.

    ``!ENV`` tags (``site_url``, ``repo_url``) are resolved as MkDocs resolves them,
    with pyyaml-env-tag (a dependency of MkDocs); no other tag is accepted.
    """
    import yaml  # a dependency of MkDocs; only this command needs it
    from yaml_env_tag import construct_env_tag

    class Loader(yaml.SafeLoader):
        """A safe loader that also reads ``!ENV``."""

    Loader.add_constructor("!ENV", construct_env_tag)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    except (OSError, yaml.YAMLError) as error:
        raise DocsBuildError(
            [f"The MkDocs config {path} cannot be read ({error}); pass its path with --config."]
        ) from None
    if not isinstance(config, dict):
        raise DocsBuildError([f"The MkDocs config {path} is not a YAML mapping."])
    return config


def absolute_paths(config: dict[str, Any], base: Path) -> dict[str, Any]:
    """``config`` with the folders it names relative to its file made absolute under ``base``.

    The theme's ``custom_dir`` and mkdocstrings' Python ``paths``: ``zensical.toml`` is
    written elsewhere, so relative ones would point nowhere.
    """
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str(base / theme["custom_dir"])
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("mkdocstrings"), dict):
            python = plugin["mkdocstrings"].get("handlers", {}).get("python", {})
            if isinstance(python.get("paths"), list):
                python["paths"] = [str(base / path) for path in python["paths"]]
    return config


def uses_directory_urls(config: Mapping[str, Any]) -> bool:
    """Whether the site ``config`` describes serves ``page/`` URLs rather than ``page.html``.

    MkDocs' ``use_directory_urls`` (on by default), which Material's offline plugin
    turns off when it is enabled; Zensical follows the same two settings.
    """
    for plugin in config.get("plugins") or []:
        options = plugin.get("offline") if isinstance(plugin, dict) else None
        enabled = not isinstance(options, dict) or options.get("enabled", True) is not False
        if _plugin_name(plugin) == "offline" and enabled:
            return False
    return bool(config.get("use_directory_urls", True))


def zensical_config(mkdocs_config: Mapping[str, Any], nav: Sequence[NavItem]) -> dict[str, Any]:
    """The ``[project]`` table: ``mkdocs_config``'s site settings, ``docs/``, and ``nav``."""
    project = {key: value for key, value in mkdocs_config.items() if key not in MKDOCS_ONLY_KEYS}
    if "plugins" in project:
        project["plugins"] = [
            plugin
            for plugin in project["plugins"]
            if _plugin_name(plugin) not in GENERATING_PLUGINS
        ]
    return project | {"docs_dir": DOCS_FOLDER, "site_dir": "site", "nav": nav_config(nav)}


def render_zensical_toml(project: Mapping[str, Any]) -> str:
    """``project`` as a ``zensical.toml``: one ``[project]`` table, values inline."""
    lines = [
        "# Written by `python -m dashtam.docs build` from mkdocs.yml and the registry.",
        "[project]",
    ]
    for key, value in project.items():
        if value is None:
            continue
        if isinstance(value, list) and value:
            items = "".join(f"  {_toml_value(item)},\n" for item in value)
            lines.append(f"{_toml_key(key)} = [\n{items}]")
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _plugin_name(plugin: object) -> object:
    return next(iter(plugin)) if isinstance(plugin, dict) and len(plugin) == 1 else plugin


def _toml_key(key: object) -> str:
    text = str(key)
    return text if _BARE_KEY.fullmatch(text) else _toml_value(text)


def _toml_value(value: object) -> str:
    """One TOML value on one line (inline tables cannot span lines)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + _TOML_ESCAPE.sub(lambda match: f"\\u{ord(match.group()):04X}", value) + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items() if v is not None]
        return "{ " + ", ".join(pairs) + " }" if pairs else "{}"
    raise DocsBuildError(
        [f"The MkDocs config holds {value!r}, which zensical.toml cannot express; use plain data."]
    )
