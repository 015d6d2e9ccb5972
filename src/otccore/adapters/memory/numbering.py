"""An in-memory :class:`~otccore.invoicing.NumberSequence`: gapless, thread-safe.

Example:
    >>> from otccore.adapters.memory import MemoryNumberSequence
    >>> seq = MemoryNumberSequence()
    >>> [seq.next_value("INV") for _ in range(3)], seq.current("INV")
    ([1, 2, 3], 3)
"""

from __future__ import annotations

import threading

from otccore.errors import InvalidInput
from otccore.invoicing.ports import check_series

__all__ = ["MemoryNumberSequence"]


class MemoryNumberSequence:
    """Counters per series in a dict, each increment under one lock.

    Example:
        >>> from otccore.adapters.memory import MemoryNumberSequence
        >>> MemoryNumberSequence({"INV": 41}).next_value("INV")
        42
    """

    gapless = True

    def __init__(self, start: dict[str, int] | None = None) -> None:
        self._values: dict[str, int] = {}
        for series, value in (start or {}).items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInput(f"start of series {series!r} must be an int >= 0: {value!r}")
            self._values[check_series(series)] = value
        self._lock = threading.Lock()

    def next_value(self, series: str) -> int:
        """Take the next number of ``series`` (each series counts on its own, from 1)."""
        key = check_series(series)
        with self._lock:
            value = self._values.get(key, 0) + 1
            self._values[key] = value
            return value

    def current(self, series: str) -> int:
        """The last number handed out (0 for a new series); takes nothing."""
        return self._values.get(check_series(series), 0)
