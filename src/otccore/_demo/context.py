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

    from otccore.risk import PaymentBehaviour

__all__ = ["DemoContext"]


@attrs.define
class DemoContext:
    """The demo's shared state: one SQLite file, its receivables book and a seeded RNG.

    Stages (``otccore._demo.<area>.stage(ctx)``) add their own tables to ``db``,
    read the book from ``store`` and print with ``console``. ``behaviours`` is the
    payment behaviour per customer, computed once (by the risk stage, or the
    credit stage when it runs alone) and shared: credit scores limits from it.
    """

    console: Console
    db: SqliteDatabase
    store: ReceivablesStore
    as_of: date
    rng: random.Random
    size: int
    customers: list[Customer] = attrs.field(factory=list)
    behaviours: dict[str, PaymentBehaviour] | None = None
