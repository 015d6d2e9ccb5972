"""Every ```python block of the invoicing docs runs, in order, in one namespace per page."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "invoicing"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_page_blocks_run(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    out = io.StringIO()
    for number, code in enumerate(blocks, start=1):
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{page.name}#block{number}", "exec"), namespace)
    if page.name != "reference.md":
        assert blocks, page
        assert out.getvalue(), f"{page.name} prints nothing"
