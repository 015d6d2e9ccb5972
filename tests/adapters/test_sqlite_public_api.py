"""Pin the public names of the SQLite receivables store and the receivables test support."""

import subprocess
import sys

import pytest

import otccore.adapters.sqlite
import otccore.testing.receivables
import otccore.testing.strategies


def test_sqlite_exports_the_receivables_store() -> None:
    assert {"RECEIVABLES_SCHEMA", "SqliteReceivables"} <= set(otccore.adapters.sqlite.__all__)


def test_testing_receivables_all() -> None:
    assert otccore.testing.receivables.__all__ == ["ItemTotalsContract", "ReceivablesStoreContract"]


def test_testing_strategies_all() -> None:
    assert otccore.testing.strategies.__all__ == [
        "CURRENCIES",
        "ReceivablesBook",
        "allocations_for",
        "amounts",
        "business_dates",
        "currencies",
        "customers",
        "discount_terms",
        "identifiers",
        "money_values",
        "open_items",
        "payments",
        "receivables_books",
    ]


@pytest.mark.parametrize(
    ("missing", "module"),
    [
        ("pytest", "otccore.testing.receivables"),
        ("hypothesis", "otccore.testing.receivables"),
        ("hypothesis", "otccore.testing.strategies"),
    ],
)
def test_test_support_without_its_extra_names_the_extra(missing: str, module: str) -> None:
    code = (
        f"import sys; sys.modules[{missing!r}] = None\n"
        "try:\n"
        f"    import {module}\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert 'pip install "otccore[test]"' in out


def test_runtime_code_does_not_import_the_test_support() -> None:
    code = (
        "import sys, otccore, otccore.adapters.sqlite, otccore.adapters.memory, otccore.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith(('otccore.testing', 'pytest', 'hypothesis'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
