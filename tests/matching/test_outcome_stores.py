import pytest

from otccore.adapters.memory import MemoryMatchOutcomes
from otccore.testing.matching import MatchOutcomeStoreContract


class TestMemoryMatchOutcomes(MatchOutcomeStoreContract):
    @pytest.fixture
    def outcome_store(self):
        return MemoryMatchOutcomes()
