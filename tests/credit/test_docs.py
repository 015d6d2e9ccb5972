"""Every ```python block of every docs/credit page runs, in order, in one namespace per page."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "credit"
PAGES = sorted(DOCS.glob("*.md"))
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_there_are_pages() -> None:
    assert [p.name for p in PAGES] == [
        "custom-check.md",
        "exposure.md",
        "families.md",
        "reference.md",
        "tutorial.md",
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_code_runs(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    out = io.StringIO()
    for index, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8"))):
        code = compile(block, f"{page.name}[block {index}]", "exec")
        with contextlib.redirect_stdout(out):
            exec(code, namespace)
