"""What every stage of ``otccore demo`` receives."""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

import attrs

from otccore.adapters.sqlite import SqliteDatabase
from otccore.receivables import Customer, ReceivablesStore

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["DemoContext"]


@attrs.define
class DemoContext:
    """The demo's shared state: one SQLite file, its receivables book and a seeded RNG.

    Stages (``otccore._demo.<area>.stage(ctx)``) add their own tables to ``db``,
    read the book from ``store`` and print with ``console``.
    """

    console: Console
    db: SqliteDatabase
    store: ReceivablesStore
    as_of: date
    rng: random.Random
    size: int
    customers: list[Customer] = attrs.field(factory=list)
