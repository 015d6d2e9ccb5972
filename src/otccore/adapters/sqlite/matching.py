"""SQLite :class:`~otccore.matching.MatchOutcomeStore`: one row per payment's current outcome.

Matches (with their allocations, score parts and reasons) are stored as JSON
text next to the indexed columns people filter on (band, code).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from otccore.adapters.sqlite._db import Component, SqliteDatabase
from otccore.errors import ConcurrencyConflict
from otccore.matching import Band, Match, PaymentOutcome, Reason, ReasonCode, ScorePart, Tier
from otccore.matching.ports import OutcomeStoreBase, refusal_message
from otccore.money import money
from otccore.receivables import Allocation, CustomerId, ItemId, PaymentId

__all__ = ["MATCHING_SCHEMA", "SqliteMatchOutcomes"]

MATCHING_SCHEMA = Component(
    "matching",
    (
        """
        CREATE TABLE matching_outcome (
            payment_id  TEXT PRIMARY KEY,
            band        TEXT NOT NULL,
            code        TEXT,
            as_of       TEXT NOT NULL,
            explanation TEXT NOT NULL,
            matches     TEXT NOT NULL
        );
        CREATE INDEX matching_outcome_band ON matching_outcome (band);
        """,
    ),
)
"""The schema component of the outcome store (version 1)."""

_POSTED = Band.AUTO_APPLY.value
_IDS_PER_QUERY = 500  # well below SQLite's limit on bound parameters


def _encode(m: Match) -> dict[str, Any]:
    return {
        "payment_ids": list(m.payment_ids),
        "item_ids": list(m.item_ids),
        "customer_id": m.customer_id,
        "tier": m.tier.value,
        "band": m.band.value,
        "score": m.score,
        "parts": [[p.name, p.points] for p in m.parts],
        "allocations": [
            [a.kind.value, str(a.amount.amount), a.currency, a.payment_id, a.item_id, a.note]
            for a in m.allocations
        ],
        "reasons": [[str(r.code), r.message, [list(d) for d in r.data]] for r in m.reasons],
    }


def _decode(d: dict[str, Any]) -> Match:
    return Match(
        payment_ids=tuple(PaymentId(p) for p in d["payment_ids"]),
        item_ids=tuple(ItemId(i) for i in d["item_ids"]),
        customer_id=CustomerId(d["customer_id"]) if d["customer_id"] is not None else None,
        tier=Tier(d["tier"]),
        band=Band(d["band"]),
        score=int(d["score"]),
        parts=tuple(ScorePart(n, int(p)) for n, p in d["parts"]),
        allocations=tuple(
            Allocation.create(kind, money(amount, cur), payment_id=pid, item_id=iid, note=note)
            for kind, amount, cur, pid, iid, note in d["allocations"]
        ),
        reasons=tuple(
            Reason(ReasonCode(c), msg, tuple((k, v) for k, v in data))
            for c, msg, data in d["reasons"]
        ),
    )


class SqliteMatchOutcomes(OutcomeStoreBase):
    """Outcomes in the shared SQLite file; a new outcome replaces the payment's old one.

    Share the :class:`~otccore.adapters.sqlite.SqliteDatabase` with
    :class:`~otccore.adapters.sqlite.SqliteReceivables` so allocations and outcomes
    live in one file; several processes may open the same file.

    Example:
        >>> import pathlib, tempfile
        >>> from datetime import date
        >>> from otccore.adapters.sqlite import SqliteDatabase, SqliteMatchOutcomes
        >>> from otccore.matching import Band, PaymentOutcome
        >>> db = SqliteDatabase(pathlib.Path(tempfile.mkdtemp()) / "book.sqlite")
        >>> store = SqliteMatchOutcomes(db)
        >>> store.record_outcomes([PaymentOutcome("P1", Band.SUGGEST, None, (), "two candidates",
        ...                                date(2026, 1, 2))])
        >>> store.list_outcomes(payment_id="P1")[0].explanation
        'two candidates'
        >>> db.schema_version("matching")
        1
        >>> db.close()
    """

    def __init__(self, db: SqliteDatabase) -> None:
        self.db = db
        db.ensure(MATCHING_SCHEMA)

    def _replace(self, outcomes: Mapping[str, PaymentOutcome]) -> None:
        """One transaction; the "posted is final" check runs inside it, so two
        writers cannot slip past each other."""
        rows = [
            (
                o.payment_id,
                o.band.value,
                o.code.value if o.code is not None else None,
                o.as_of.isoformat(),
                o.explanation,
                json.dumps([_encode(m) for m in o.matches]),
            )
            for o in outcomes.values()
        ]
        with self.db.write() as con:
            before = con.total_changes
            # The WHERE of the upsert refuses to turn a posted outcome into anything
            # else; a refused row changes nothing, so fewer changes than rows means
            # a refusal, and raising rolls the whole call back.
            con.executemany(
                "INSERT INTO matching_outcome "
                "(payment_id, band, code, as_of, explanation, matches) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (payment_id) DO UPDATE SET band = excluded.band, "
                "code = excluded.code, as_of = excluded.as_of, "
                "explanation = excluded.explanation, matches = excluded.matches "
                "WHERE matching_outcome.band <> ? OR excluded.band = ?",
                [(*row, _POSTED, _POSTED) for row in rows],
            )
            if con.total_changes - before < len(rows):
                for pid, band, *_ in rows:
                    found = con.execute(
                        "SELECT as_of FROM matching_outcome WHERE payment_id = ? AND band = ?",
                        (pid, _POSTED),
                    ).fetchone()
                    if band != _POSTED and found is not None:
                        raise ConcurrencyConflict(refusal_message(pid, found[0], Band(band)))
                raise ConcurrencyConflict("an outcome was refused")  # pragma: no cover

    def _find(self, band: Band | None, ids: set[str] | None) -> list[PaymentOutcome]:
        """Ids are key lookups, at most 500 to a query."""
        where: list[str] = [] if band is None else ["band = ?"]
        args: list[str] = [] if band is None else [band.value]
        if ids is None:
            return self._select(where, args)
        ordered = sorted(ids)
        found: list[PaymentOutcome] = []
        for start in range(0, len(ordered), _IDS_PER_QUERY):
            chunk = ordered[start : start + _IDS_PER_QUERY]
            marks = ", ".join("?" * len(chunk))
            found += self._select([*where, f"payment_id IN ({marks})"], [*args, *chunk])
        return found  # each chunk is sorted and the chunks follow the sorted ids

    def _select(self, where: list[str], args: list[str]) -> list[PaymentOutcome]:
        sql = "SELECT payment_id, band, code, as_of, explanation, matches FROM matching_outcome"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY payment_id"
        columns = ("payment_id", "band", "code", "as_of", "explanation", "matches")
        return [
            PaymentOutcome.from_row(
                {**dict(zip(columns, row, strict=True)), "matches": _decode_all(row[-1])}
            )
            for row in self.db.read().execute(sql, args)
        ]


def _decode_all(text: str) -> tuple[Match, ...]:
    return tuple(_decode(m) for m in json.loads(text))
