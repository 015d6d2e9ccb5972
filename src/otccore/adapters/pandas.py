"""pandas frames from otccore results (extra ``pandas``).

Domain results never import pandas (the import-linter contract "the domain does no
I/O" forbids it). Instead every tabular result has ``to_records()`` (a list of
dicts) or ``to_record()`` (one dict), and :func:`to_frame` turns any of them — or a
sequence of them, such as a tuple of findings — into a ``DataFrame``. Inputs need
no adapter: risk functions accept pandas Series and DataFrames as they are
(iterables of values, and mappings of columns).

Example:
    >>> from otccore.adapters.pandas import to_frame
    >>> from otccore.risk import woe_table
    >>> frame = to_frame(woe_table([("low", 80, 20), ("high", 20, 80)]))
    >>> list(frame.columns[:3]), len(frame)
    (['label', 'goods', 'bads'], 2)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["to_frame"]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise ImportError(
            'otccore.adapters.pandas needs pandas: pip install "otccore[pandas]"'
        ) from exc
    return pandas


def to_frame(result: Any, *, index: str | None = None) -> Any:
    """A ``pandas.DataFrame`` from a result with ``to_records()``/``to_record()``, or an
    iterable of such results (one row per ``to_record()``, rows from ``to_records()``
    concatenated). ``index`` names a column to use as the index.

    Example:
        >>> from otccore.risk import Finding
        >>> to_frame([Finding.create("s", "c", "why", party="C1")])["party"].tolist()
        ['C1']
    """
    pd = _pandas()
    if hasattr(result, "to_records"):
        rows = list(result.to_records())
    elif hasattr(result, "to_record"):
        rows = [result.to_record()]
    elif isinstance(result, Iterable) and not isinstance(result, str | bytes | dict):
        rows = []
        for item in result:
            if hasattr(item, "to_records"):
                rows.extend(item.to_records())
            elif hasattr(item, "to_record"):
                rows.append(item.to_record())
            elif isinstance(item, dict):
                rows.append(item)
            else:
                raise TypeError(f"cannot make a table row from {type(item).__name__}: {item!r}")
    else:
        raise TypeError(f"cannot make a frame from {type(result).__name__}: {result!r}")
    frame = pd.DataFrame.from_records(rows)
    return frame.set_index(index) if index is not None else frame
