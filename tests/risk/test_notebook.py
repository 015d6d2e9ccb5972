"""The example notebook runs end to end (extra ``notebook``)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_risk_portfolio_notebook_executes(monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    preprocessors = pytest.importorskip("nbconvert.preprocessors")
    src = str(ROOT / "src")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(ROOT / "examples" / "risk_portfolio.ipynb", as_version=4)
    preprocessors.ExecutePreprocessor(timeout=120, kernel_name="python3").preprocess(
        nb, {"metadata": {"path": str(ROOT)}}
    )
    text = "".join(
        o.get("text", "") + o.get("data", {}).get("text/plain", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "score range" in text
    assert "characters of JSON" in text
    assert "Error" not in text
