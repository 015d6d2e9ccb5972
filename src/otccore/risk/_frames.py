"""pandas frames of tabular risk results: the one place the domain may import pandas.

Issue 6 (item 7) asks that tabular results have ``to_frame()``. pandas stays an
optional extra: it is imported when :func:`frame_of` runs, never when
``otccore.risk`` is imported, and without it the call raises an ``ImportError``
that names the extra. The import-linter contract "the domain does no I/O" lists
``otccore.risk._frames -> pandas`` as its one, explicit exception.

Example:
    >>> frame_of([{"digit": 1, "count": 3}, {"digit": 2, "count": 1}], index="digit")["count"].tolist()
    [3, 1]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from otccore.errors import InvalidInput

__all__: list[str] = []


def frame_of(rows: Iterable[Mapping[str, object]], *, index: str | None = None) -> Any:
    """A ``pandas.DataFrame`` with one row per mapping; ``index`` names a column to index by.

    Example:
        >>> frame_of([{"a": 1}], index="b")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: no column 'b' to index by; columns: ['a']
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError('to_frame() needs pandas: pip install "otccore[pandas]"') from exc
    frame = pd.DataFrame.from_records(list(rows))
    if index is None:
        return frame
    if index not in frame.columns:
        raise InvalidInput(f"no column {index!r} to index by; columns: {list(frame.columns)}")
    return frame.set_index(index)
