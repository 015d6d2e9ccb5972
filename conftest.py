"""Doctest namespace: the names every docstring example may use without importing."""

from datetime import date
from decimal import Decimal

import pytest

from otccore.money import money


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace.update(date=date, Decimal=Decimal, money=money)
