"""Every docstring example runs as pasted into a fresh REPL.

The examples run with empty globals: no module globals and no names injected by
``conftest.py``, so an example must import everything it uses, as a reader
pasting it would have to. This is the library's doctest run (pytest's own
``--doctest-modules`` would run them in the module's namespace, where a missing
import goes unnoticed).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import warnings
from types import ModuleType

import pytest

import otccore


def _modules() -> list[str]:
    names = ["otccore"]
    for info in pkgutil.walk_packages(otccore.__path__, "otccore."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return sorted(names)


def _examples(module: ModuleType) -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [t for t in finder.find(module, module.__name__, globs={}) if t.examples]


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run_with_nothing_but_their_own_imports(name: str) -> None:
    module = importlib.import_module(name)
    failed = []
    for test in _examples(module):
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
        out: list[str] = []
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            runner.run(test, out=out.append, clear_globs=True)
        if runner.failures:
            failed.append("".join(out))
    assert not failed, "\n".join(failed)


def test_the_walk_finds_the_examples() -> None:
    counted = sum(len(_examples(importlib.import_module(n))) for n in _modules())
    assert counted > 500
