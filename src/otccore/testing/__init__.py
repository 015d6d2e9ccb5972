"""Public test support for hosts and adapters: port contract suites and Hypothesis strategies.

Each contract suite is a pytest class to subclass with a fixture that builds the
store under test; every bundled adapter passes it, and so should a host's own.
:mod:`otccore.testing.strategies` draws valid otccore values for property tests.

Example:
    >>> import pytest
    >>> from hypothesis import given, settings
    >>> from otccore.adapters.memory import MemoryReceivables
    >>> from otccore.testing.receivables import ReceivablesStoreContract
    >>> from otccore.testing.strategies import money_values
    >>> class TestMyStore(ReceivablesStoreContract):
    ...     @pytest.fixture
    ...     def store(self):
    ...         return MemoryReceivables()
    >>> @settings(max_examples=5, database=None)
    ... @given(money_values("EUR", min_value=0))
    ... def check(amount):
    ...     assert amount.amount >= 0 and amount.currency.code == "EUR"
    >>> check()
"""
