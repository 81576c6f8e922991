"""Reads docs/guides/adding-providers.md as a script and applies it to a project copy.

Each directive is an HTML comment (invisible on the site) right before a fenced block:

- ``<!-- guide-edit: OPERATION PATH [ARGUMENT] -->``: the block is an edit a developer
  makes, applied as they would: ``append-to-class PATH CLASS``, ``append-to-list PATH
  NAME`` (the list in ``NAME = ...([...])``), ``insert-before PATH "TEXT"`` (the first
  line starting with TEXT), ``add-import PATH`` (merged into the existing
  ``from MODULE import ...``), ``append-to-file PATH``, ``create PATH``;
- ``<!-- guide-check -->``: the block is the output of ``python -m dashtam check`` at
  that point;
- ``<!-- guide-try: OPERATION PATH ARGUMENTS -->``: the block is the output of the check
  after a temporary mistake (``delete-line PATH "TEXT"``, ``delete-lines PATH "TEXT" N``,
  ``replace PATH "OLD" "NEW"``, ``rename PATH NEW``), undone afterwards.
"""

from __future__ import annotations

import ast
import re
import shlex
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Final

_DIRECTIVE: Final = re.compile(r"^<!--\s*guide-(edit|check|try)(?::\s*(.*?))?\s*-->\s*$")
_FENCE: Final = re.compile(r"^```")
LINE_LENGTH: Final = 100


@dataclass(frozen=True)
class Directive:
    """One directive and its block, with the guide line it starts on."""

    kind: str  # "edit", "check" or "try"
    arguments: tuple[str, ...]
    block: str
    line: int


def read_guide(path: Path) -> list[Directive]:
    """Every directive of the guide, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    directives: list[Directive] = []
    index = 0
    while index < len(lines):
        match = _DIRECTIVE.match(lines[index])
        if match is None:
            index += 1
            continue
        start = index + 1
        while start < len(lines) and not lines[start].strip():
            start += 1
        if start >= len(lines) or not _FENCE.match(lines[start]):
            raise ValueError(f"{path}:{index + 1}: a guide directive must precede a ``` block")
        end = start + 1
        while end < len(lines) and not _FENCE.match(lines[end]):
            end += 1
        block = "\n".join(lines[start + 1 : end])
        arguments = tuple(shlex.split(match.group(2) or ""))
        directives.append(Directive(match.group(1), arguments, block, index + 1))
        index = end + 1
    return directives


def apply_edit(root: Path, arguments: tuple[str, ...], block: str) -> None:
    """Apply one ``guide-edit`` to the project under ``root``."""
    operation, relative, *rest = arguments
    path = root / relative
    if operation == "create":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block.rstrip("\n") + "\n", encoding="utf-8")
        return
    if operation == "append-to-file":
        text = path.read_text(encoding="utf-8").rstrip("\n")
        path.write_text(f"{text}\n\n{block.rstrip()}\n", encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if operation == "append-to-class":
        (name,) = rest
        node = _top_level(ast.parse(text), ast.ClassDef, name)
        assert node.end_lineno is not None
        _insert(lines, node.end_lineno, _indent(block, node.col_offset + 4))
    elif operation == "append-to-list":
        (name,) = rest
        last = _last_list_element(ast.parse(text), name)
        assert last.end_lineno is not None
        if not lines[last.end_lineno - 1].rstrip().endswith(","):
            lines[last.end_lineno - 1] += ","
        _insert(lines, last.end_lineno, _indent(block, last.col_offset))
    elif operation == "insert-before":
        (anchor,) = rest
        number = next(n for n, line in enumerate(lines) if line.strip().startswith(anchor))
        indent = len(lines[number]) - len(lines[number].lstrip())
        spacing = ["", ""] if indent == 0 else []
        _insert(lines, number, [*_indent(block, indent), *spacing])
    elif operation == "add-import":
        lines = _add_import(text, block)
    else:
        raise ValueError(f"unknown guide-edit operation {operation!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def edited_python_files(directives: list[Directive]) -> list[str]:
    """The ``.py`` paths the guide's edits touch, for linting the result."""
    paths = [d.arguments[1] for d in directives if d.kind == "edit"]
    return sorted({path for path in paths if path.endswith(".py")})


def apply_try(root: Path, arguments: tuple[str, ...]) -> None:
    """Make one ``guide-try`` mistake in the project under ``root``."""
    operation, relative, *rest = arguments
    path = root / relative
    if operation == "rename":
        (target,) = rest
        path.rename(root / target)
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    if operation in ("delete-line", "delete-lines"):
        anchor, count = rest[0], int(rest[1]) if len(rest) > 1 else 1
        number = next(n for n, line in enumerate(lines) if anchor in line)
        del lines[number : number + count]
    elif operation == "replace":
        old, new = rest
        text = "\n".join(lines)
        assert old in text, f"{relative} has no {old!r}"
        lines = text.replace(old, new, 1).splitlines()
    else:
        raise ValueError(f"unknown guide-try operation {operation!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _insert(lines: list[str], at: int, new: list[str]) -> None:
    lines[at:at] = new


def _indent(block: str, columns: int) -> list[str]:
    return textwrap.indent(block.rstrip("\n"), " " * columns).splitlines()


def _top_level(tree: ast.Module, kind: type[ast.ClassDef], name: str) -> ast.ClassDef:
    for node in tree.body:
        if isinstance(node, kind) and node.name == name:
            return node
    raise LookupError(f"no top-level {kind.__name__} {name}")


def _last_list_element(tree: ast.Module, name: str) -> ast.expr:
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            assert node.value is not None
            found = next(n for n in ast.walk(node.value) if isinstance(n, ast.List))
            return found.elts[-1]
    raise LookupError(f"no assignment to {name}")


def _add_import(text: str, block: str) -> list[str]:
    """Merge ``from M import N`` in ``block`` into the module's import of ``M``."""
    (wanted,) = ast.parse(block).body
    assert isinstance(wanted, ast.ImportFrom)
    assert wanted.module
    lines = text.splitlines()
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == wanted.module:
            names = {alias.name for alias in [*node.names, *wanted.names]}
            assert node.end_lineno is not None
            lines[node.lineno - 1 : node.end_lineno] = _render_import(wanted.module, names)
            return lines
    last = max(n.end_lineno or 0 for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom))
    lines[last:last] = _render_import(wanted.module, {a.name for a in wanted.names})
    return lines


def _render_import(module: str, names: set[str]) -> list[str]:
    """The import as ruff's isort writes it: constants, classes, then the rest."""

    def order(name: str) -> tuple[int, str]:
        kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
        return kind, name

    ordered = sorted(names, key=order)
    single = f"from {module} import {', '.join(ordered)}"
    if len(single) <= LINE_LENGTH:
        return [single]
    return [f"from {module} import (", *(f"    {name}," for name in ordered), ")"]
