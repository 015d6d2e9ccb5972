"""Griffe extension: read otccore's docstrings as the house writes them.

otccore docstrings are Google style with two habits mkdocstrings does not know:

- a singular ``Example:`` section holding doctests (griffe would render it as an
  admonition, turning ``>>>`` lines into Markdown quotes and ``[a, b]`` lists into
  cross-references); it is read as an ``Examples:`` section;
- Sphinx roles such as ``:class:`~otccore.errors.OtcError``` and a paragraph
  ending in ``::`` before a literal block; roles become optional autorefs links
  (resolved in the object's scope; left as plain code when the target is not
  documented), and ``::`` becomes ``:``.

The extension only rewrites the text griffe renders; the source is untouched.
It is loaded by mkdocs.yml (``extensions:`` of the python handler).
"""

from __future__ import annotations

import html
import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:\s*$", re.MULTILINE)
_LITERAL = re.compile(r"(\S)::\s*$", re.MULTILINE)
_ROLE = re.compile(
    r":(?:py:)?(?:class|func|meth|mod|attr|exc|data|obj|const):`(?P<tilde>~?)(?P<target>[^`<>]+)`"
)


def _resolve(obj: griffe.Object | griffe.Alias, target: str) -> str:
    """The full path ``target`` names from ``obj``'s scope, best effort."""
    name = target.strip().removesuffix("()")
    if name.startswith("otccore"):
        return name
    head, _, rest = name.partition(".")
    for scope in (obj, obj.parent, obj.module):
        if scope is None:
            continue
        try:
            resolved = scope.resolve(head)
        except Exception:  # any failure to resolve means: try the next scope
            resolved = None
        if resolved is not None:
            return f"{resolved}.{rest}" if rest else resolved
    return name


def _link(obj: griffe.Object | griffe.Alias, match: re.Match[str]) -> str:
    target = match["target"].strip()
    path = _resolve(obj, target)
    title = target.rsplit(".", 1)[-1] if match["tilde"] else target
    return (
        f'<autoref identifier="{html.escape(path)}" optional>'
        f"<code>{html.escape(title)}</code></autoref>"
    )


def _rewrite(obj: griffe.Object | griffe.Alias) -> None:
    docstring = obj.docstring
    if docstring is None:
        return
    text = _EXAMPLE.sub(r"\1Examples:", docstring.value)
    text = _LITERAL.sub(r"\1:", text)
    text = _ROLE.sub(lambda m: _link(obj, m), text)
    docstring.value = text


class OtccoreDocstrings(griffe.Extension):
    """Rewrite every docstring of a loaded package once the whole package is known."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        seen: set[int] = set()
        stack: list[griffe.Object] = [pkg]
        while stack:
            obj = stack.pop()
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            _rewrite(obj)
            for member in obj.members.values():
                if not member.is_alias:
                    stack.append(member)  # type: ignore[arg-type]
