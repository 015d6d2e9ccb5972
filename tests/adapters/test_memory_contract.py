"""The memory adapter passes the receivables store contract."""

import pytest

from otccore.adapters.memory import MemoryReceivables
from otccore.testing.receivables import ItemTotalsContract, ReceivablesStoreContract


class TestMemoryReceivablesContract(ReceivablesStoreContract):
    @pytest.fixture
    def store(self) -> MemoryReceivables:
        return MemoryReceivables()


class TestMemoryReceivablesItemTotals(ItemTotalsContract):
    @pytest.fixture
    def book(self) -> MemoryReceivables:
        return MemoryReceivables()
