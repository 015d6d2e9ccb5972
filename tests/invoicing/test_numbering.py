"""NumberSequence adapters: the contract suite, plus SQLite's own transaction behaviour."""

from __future__ import annotations

import multiprocessing
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event

import pytest

from otccore.adapters.memory import MemoryNumberSequence
from otccore.adapters.sqlite import SqliteDatabase, SqliteNumberSequence
from otccore.errors import InvalidInput
from otccore.testing.invoicing import NumberSequenceContract


class TestMemoryNumberSequence(NumberSequenceContract):
    @pytest.fixture
    def sequence(self) -> MemoryNumberSequence:
        return MemoryNumberSequence()


class TestSqliteNumberSequence(NumberSequenceContract):
    @pytest.fixture
    def sequence(self, tmp_path):
        db = SqliteDatabase(tmp_path / "book.sqlite")
        yield SqliteNumberSequence(db)
        db.close()


def test_memory_start_values_are_checked() -> None:
    with pytest.raises(InvalidInput, match="must be an int >= 0"):
        MemoryNumberSequence({"INV": -1})


def test_sqlite_numbers_survive_reopening(tmp_path) -> None:
    db = SqliteDatabase(tmp_path / "book.sqlite")
    SqliteNumberSequence(db).next_value("INV")
    db.close()
    db = SqliteDatabase(tmp_path / "book.sqlite")
    assert SqliteNumberSequence(db).next_value("INV") == 2
    db.close()


def test_sqlite_number_is_given_back_when_the_host_transaction_rolls_back(tmp_path) -> None:
    db = SqliteDatabase(tmp_path / "book.sqlite")
    seq = SqliteNumberSequence(db)
    taken: list[int] = []

    def store_invoice() -> None:
        with db.write():
            taken.append(seq.next_value("INV"))
            raise RuntimeError("storing the invoice failed")

    with pytest.raises(RuntimeError, match="storing"):
        store_invoice()
    assert taken == [1]
    assert seq.current("INV") == 0
    assert seq.next_value("INV") == 1
    db.close()


def test_sqlite_separate_processes_share_the_counter(tmp_path) -> None:
    one = SqliteDatabase(tmp_path / "book.sqlite")
    two = SqliteDatabase(tmp_path / "book.sqlite")
    a, b = SqliteNumberSequence(one), SqliteNumberSequence(two)
    assert [a.next_value("INV"), b.next_value("INV"), a.next_value("INV")] == [1, 2, 3]
    one.close()
    two.close()


def _take_numbers(path: str, count: int, start: Event, out: Queue[tuple[str, list[int]]]) -> None:
    # runs in a child process: its own connection to the shared file
    db = SqliteDatabase(path)
    try:
        seq = SqliteNumberSequence(db)
        start.wait(30)
        out.put(
            (multiprocessing.current_process().name, [seq.next_value("INV") for _ in range(count)])
        )
    finally:
        db.close()


@pytest.mark.parametrize("processes", [2, 4])
def test_sqlite_processes_taking_numbers_at_once_get_each_number_once(tmp_path, processes) -> None:
    path = str(tmp_path / "book.sqlite")
    db = SqliteDatabase(path)
    SqliteNumberSequence(db)  # the schema exists before the workers start
    db.close()
    per_process = 30
    # fork: the worker is a function of this test module, which a spawned process
    # could not import (pytest imports test modules by path)
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    out: Queue[tuple[str, list[int]]] = ctx.Queue()
    workers = [
        ctx.Process(target=_take_numbers, args=(path, per_process, start, out), name=f"w{i}")
        for i in range(processes)
    ]
    for w in workers:
        w.start()
    start.set()
    taken = dict(out.get(timeout=60) for _ in workers)
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0, w.name
    total = processes * per_process
    assert sorted(n for numbers in taken.values() for n in numbers) == list(range(1, total + 1))
    assert all(numbers == sorted(numbers) for numbers in taken.values())  # each in order
    db = SqliteDatabase(path)
    assert SqliteNumberSequence(db).current("INV") == total
    db.close()
