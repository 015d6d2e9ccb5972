"""The documentation is tested like code.

- Every Markdown page under ``docs/`` (and ``README.md``) is one test: its
  ```` ```python ```` blocks run in order in one fresh namespace, in a temporary
  working directory (so a page may write files); ```` ```pycon ```` blocks run as
  doctests in the same namespace. Any other fence (``text``, ``console``,
  ``bash``, ``toml`` …) is shown, not run. A failure names the page, the block
  and the line in the page.
- Every page under ``docs/`` is in the mkdocs ``nav``, and every page the nav
  names exists, so no page is orphaned or dangling.
"""

from __future__ import annotations

import doctest
import re
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

RUN_AS_PYTHON = frozenset({"python", "py", "python3"})
RUN_AS_DOCTEST = frozenset({"pycon"})

# An opening or closing fence: indentation, backticks or tildes (3+), info string.
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*?)[ \t]*$")


class Block(NamedTuple):
    """One fenced code block of a page."""

    index: int  # 1-based position among the page's blocks
    language: str  # first word of the info string, lower case ("" when none)
    line: int  # 1-based line of the block's first code line in the page
    code: str


def fenced_blocks(text: str) -> Iterator[Block]:
    """Yield the fenced code blocks of Markdown ``text``, indented ones included.

    Indented fences (inside admonitions, tabs or lists) are de-indented by the
    opening fence's indentation. An unclosed fence runs to the end of the page.
    """
    lines = text.splitlines()
    index = 0
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        info = opening["info"].strip().lstrip("{").lstrip(".")
        language = info.split()[0].rstrip("}").lower() if info.split() else ""
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            closing = _FENCE.match(lines[j])
            if (
                closing is not None
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"]
            ):
                break
            line = lines[j]
            # Remove the fence's indentation (but never more than the line has).
            strip = min(indent, len(line) - len(line.lstrip(" \t")))
            body.append(line[strip:])
            j += 1
        index += 1
        yield Block(index=index, language=language, line=i + 2, code="\n".join(body) + "\n")
        i = j + 1


def _pages() -> list[Path]:
    pages = sorted(DOCS.rglob("*.md")) if DOCS.is_dir() else []
    readme = ROOT / "README.md"
    return [*pages, readme] if readme.is_file() else pages


def _page_id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def _fail(page: str, block: Block, kind: str, detail: str) -> None:
    pytest.fail(
        f"{page}: {kind} block {block.index} (starting at line {block.line}) failed:\n{detail}",
        pytrace=False,
    )


def _run_python(page: str, path: Path, block: Block, namespace: dict[str, Any]) -> None:
    # Pad with blank lines so tracebacks point at the Markdown file's own lines.
    source = "\n" * (block.line - 1) + block.code
    try:
        code = compile(source, str(path), "exec")
        exec(code, namespace)
    except Exception:
        detail = traceback.format_exc(limit=-3)
    else:
        return
    _fail(page, block, "python", detail)


def _run_doctest(page: str, path: Path, block: Block, namespace: dict[str, Any]) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(
        block.code, namespace, f"{page}[{block.index}]", str(path), block.line - 1
    )
    output: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=output.append, clear_globs=False)
    if runner.failures:
        _fail(page, block, "pycon", "".join(output))


@pytest.mark.parametrize("page", _pages(), ids=_page_id)
def test_page_code_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page_id = _page_id(page)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [page_id])
    for block in fenced_blocks(page.read_text(encoding="utf-8")):
        if block.language in RUN_AS_PYTHON:
            _run_python(page_id, page, block, namespace)
        elif block.language in RUN_AS_DOCTEST:
            _run_doctest(page_id, page, block, namespace)


# --- the navigation ------------------------------------------------------------


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads unknown tags (``!!python/name:…``, ``!ENV``, ``!relative``) as
    plain values instead of refusing them or importing anything."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return None  # pragma: no cover - every node is one of the three


_TolerantLoader.add_multi_constructor("!", _any_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def load_mkdocs_config(path: Path = ROOT / "mkdocs.yml") -> dict[str, Any]:
    """mkdocs.yml as plain data, whatever custom tags it uses."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


def nav_pages(nav: object) -> list[str]:
    """Every local page path the nav names (external links left out), in order."""
    found: list[str] = []
    if isinstance(nav, str):
        if "://" not in nav:
            found.append(nav)
    elif isinstance(nav, list):
        for entry in nav:
            found.extend(nav_pages(entry))
    elif isinstance(nav, dict):
        for value in nav.values():
            found.extend(nav_pages(value))
    return found


def _doc_pages() -> set[str]:
    config = load_mkdocs_config()
    docs_dir = ROOT / config.get("docs_dir", "docs")
    excluded = [p.strip().strip("/") for p in str(config.get("exclude_docs") or "").splitlines()]
    pages = set()
    for page in docs_dir.rglob("*.md"):
        rel = page.relative_to(docs_dir).as_posix()
        if not any(p and (rel == p or rel.startswith(p + "/")) for p in excluded):
            pages.add(rel)
    return pages


def test_mkdocs_yml_loads_with_custom_tags(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\n"
        "site_url: !ENV [SITE_URL, 'https://example.org/']\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "nav:\n  - Home: index.md\n  - Source: https://example.org/src\n"
    )
    data = load_mkdocs_config(config)
    assert data["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"] == ""
    assert data["site_url"] == ["SITE_URL", "https://example.org/"]
    assert nav_pages(data["nav"]) == ["index.md"]


def test_every_page_is_in_the_nav() -> None:
    listed = nav_pages(load_mkdocs_config().get("nav", []))
    orphans = sorted(_doc_pages() - set(listed))
    assert not orphans, f"pages missing from the mkdocs.yml nav: {orphans}"


def test_every_nav_entry_exists_once() -> None:
    listed = nav_pages(load_mkdocs_config().get("nav", []))
    missing = sorted(set(listed) - _doc_pages())
    assert not missing, f"mkdocs.yml nav names pages that do not exist: {missing}"
    twice = sorted({p for p in listed if listed.count(p) > 1})
    assert not twice, f"mkdocs.yml nav lists pages more than once: {twice}"


# --- the harness itself ----------------------------------------------------------


def test_fenced_blocks_finds_languages_lines_and_indented_fences() -> None:
    text = (
        "# Title\n"  # 1
        "```python\n"  # 2
        "x = 1\n"  # 3
        "```\n"  # 4
        "!!! note\n"  # 5
        "    ```pycon\n"  # 6
        "    >>> x + 1\n"  # 7
        "    2\n"  # 8
        "    ```\n"  # 9
        "````text\n"  # 10
        "```python\n"  # 11
        "not code\n"  # 12
        "```\n"  # 13
        "````\n"  # 14
        '```{.python title="a.py"}\n'  # 15
        "y = 2\n"  # 16
        "```\n"  # 17
    )
    blocks = list(fenced_blocks(text))
    assert [(b.index, b.language, b.line) for b in blocks] == [
        (1, "python", 3),
        (2, "pycon", 7),
        (3, "text", 11),
        (4, "python", 16),
    ]
    assert blocks[1].code == ">>> x + 1\n2\n"
    assert "not code" in blocks[2].code


def test_a_failing_block_names_page_block_and_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("intro\n\n```python\nx = 1\n```\n\n```python\n\nassert x == 2\n```\n")
    blocks = list(fenced_blocks(page.read_text()))
    namespace: dict[str, Any] = {}
    _run_python("page.md", page, blocks[0], namespace)
    with pytest.raises(pytest.fail.Exception) as excinfo:
        _run_python("page.md", page, blocks[1], namespace)
    message = str(excinfo.value)
    assert "page.md: python block 2 (starting at line 8)" in message
    assert "line 9" in message
    assert "AssertionError" in message


def test_a_failing_pycon_block_is_reported(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```pycon\n>>> 1 + 1\n3\n```\n")
    [block] = fenced_blocks(page.read_text())
    with pytest.raises(pytest.fail.Exception) as excinfo:
        _run_doctest("page.md", page, block, {})
    assert "page.md: pycon block 1 (starting at line 2)" in str(excinfo.value)
