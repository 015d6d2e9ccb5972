"""Adapters: implementations of otccore's ports, and readers and writers of formats.

- :mod:`otccore.adapters.memory` — every port in memory (tests, notebooks, caches).
- :mod:`otccore.adapters.sqlite` — the embedded default: one SQLite file.
- :mod:`otccore.adapters.pandas` — DataFrames from results (extra ``pandas``).
- :mod:`otccore.adapters.plot` — matplotlib charts of risk results (extra ``plot``).

Nothing in the domain imports this package; hosts choose an adapter or write their own.
"""
