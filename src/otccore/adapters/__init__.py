"""Adapters: implementations of otccore's ports, and readers and writers of formats.

- :mod:`otccore.adapters.memory` — every port in memory (tests, notebooks, caches).
- :mod:`otccore.adapters.sqlite` — the embedded default: one SQLite file.

Nothing in the domain imports this package; hosts choose an adapter or write their own.
"""
