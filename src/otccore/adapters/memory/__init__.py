"""In-memory implementations of every port: fakes for tests, stores for notebooks.

Example:
    >>> from datetime import date
    >>> from otccore.adapters.memory import FixedClock, MemoryReceivables
    >>> FixedClock(date(2026, 1, 2)).today()
    datetime.date(2026, 1, 2)
"""

from otccore.adapters.memory.credit import MemoryCredit
from otccore.adapters.memory.matching import MemoryMatchOutcomes
from otccore.adapters.memory.numbering import MemoryNumberSequence
from otccore.adapters.memory.receivables import (
    FixedClock,
    MemoryEventSink,
    MemoryReceivables,
    SystemClock,
)

__all__ = [
    "FixedClock",
    "MemoryCredit",
    "MemoryEventSink",
    "MemoryMatchOutcomes",
    "MemoryNumberSequence",
    "MemoryReceivables",
    "SystemClock",
]
