"""An in-memory :class:`~otccore.invoicing.NumberSequence`: gapless, thread-safe.

Example:
    >>> seq = MemoryNumberSequence()
    >>> [seq.next_value("INV") for _ in range(3)], seq.current("INV")
    ([1, 2, 3], 3)
"""

from __future__ import annotations

import threading

from otccore.errors import InvalidInput

__all__ = ["MemoryNumberSequence"]


def _series(series: object) -> str:
    if not isinstance(series, str) or not series.strip():
        raise InvalidInput(f"series must be a non-empty str: {series!r}")
    return series


class MemoryNumberSequence:
    """Counters per series in a dict, each increment under one lock.

    Example:
        >>> MemoryNumberSequence({"INV": 41}).next_value("INV")
        42
    """

    gapless = True

    def __init__(self, start: dict[str, int] | None = None) -> None:
        self._values: dict[str, int] = {}
        for series, value in (start or {}).items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInput(f"start of series {series!r} must be an int >= 0: {value!r}")
            self._values[_series(series)] = value
        self._lock = threading.Lock()

    def next_value(self, series: str) -> int:
        """Take the next number of ``series``."""
        key = _series(series)
        with self._lock:
            value = self._values.get(key, 0) + 1
            self._values[key] = value
            return value

    def current(self, series: str) -> int:
        """The last number handed out (0 for a new series)."""
        return self._values.get(_series(series), 0)
