"""Every ```python block of the matching docs runs, in order, one namespace per page."""

import contextlib
import io
import pathlib
import re

import pytest

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "matching"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_page_runs(page):
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    out = io.StringIO()
    for block in BLOCK.findall(page.read_text(encoding="utf-8")):
        with contextlib.redirect_stdout(out):
            exec(compile(block, str(page), "exec"), namespace)
    if BLOCK.search(page.read_text(encoding="utf-8")):
        assert out.getvalue()
