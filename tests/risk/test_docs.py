"""Every ```python block of the risk pages runs, in order, in one namespace per page."""

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "risk"
PAGES = sorted(p for p in DOCS.glob("*.md"))
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_pages_exist():
    assert {p.name for p in PAGES} >= {
        "tutorial.md",
        "scorecard-in-credit-check.md",
        "conventions.md",
        "reference.md",
    }


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_python_blocks_run(page, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib").use("Agg")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    out = io.StringIO()
    for index, code in enumerate(BLOCK.findall(page.read_text(encoding="utf-8"))):
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{page.name}[{index}]", "exec"), namespace)
    import matplotlib.pyplot as plt

    plt.close("all")
    if BLOCK.search(page.read_text(encoding="utf-8")):
        assert out.getvalue().strip(), f"{page.name} prints nothing"
