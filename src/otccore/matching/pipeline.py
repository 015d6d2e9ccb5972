"""The reconciliation pipeline: :func:`reconcile` payments against open items.

Steps (each explained, with its reasons, in the docs page "How cash
application decides", ``docs/matching/pipeline.md``): normalise (integer minor
units, reference keys), identify the payer, gate candidates (customer or
family, currency, open, date window), split into connected components of the
candidate graph (networkx), then solve each component with tiers, cheapest
first, each tier seeing only what earlier tiers left open:

1. remittance advice lines;
2. several payments naming one item (split payments);
3. reference + amount, with tolerance (discount per terms at the value date,
   write-off within the lower of an absolute and a percentage limit, FX
   difference, bank fee), overpayment on account, deduction beyond tolerance;
4. unique exact amount within the customer (or its discounted amount), unless
   an exact combination of other items is a rival explanation;
5. one payment for several items: exact subset search over integer cents;
6. several payments for one item, by subset search over the payments;
7. equal-amount ties: weighted bipartite assignment on the evidence (suggest);
8. near-miss references (suggest);
9. several payments for several items: a bounded joint search (suggest);
10. oldest-first partial (suggest, opt-in).

Within a tier, two payments claiming the same item are both demoted to
suggestions. A payer conflict never posts; nor does an amount-only match
against references that name something else (live, settled, foreign-currency
or unknown documents). Every match's allocations are checked to account for
its payments' cash exactly before it can be posted. The whole pass repeats on
what is left until nothing more is posted, so reconciling the leftovers again
posts nothing.

Credit notes and payments on account (negative items) are not candidates: the
allocation model posts cash only, and clearing a credit against an invoice is a
separate, non-cash decision.

Example:
    >>> from datetime import date
    >>> from otccore.matching import reconcile
    >>> from otccore.money import money
    >>> from otccore.receivables import Customer, OpenItem, Payment
    >>> c = Customer.create("C1", "Acme", "EUR", bank_accounts=["NL91ABNA0417164300"])
    >>> items = [OpenItem.invoice(n, "C1", money(a, "EUR"), issue_date=date(2026, 1, d),
    ...                           due_date=date(2026, 2, d))
    ...          for n, a, d in [("A", 100, 1), ("B", 250, 2), ("C", 300, 3), ("D", 450, 4)]]
    >>> pay = Payment.create("P1", money(700, "EUR"), value_date=date(2026, 2, 10),
    ...                      payer_account="NL91ABNA0417164300")
    >>> [m] = reconcile([pay], items, customers=[c], as_of=date(2026, 2, 10)).matches
    >>> m.band, m.tier, m.item_ids
    (<Band.AUTO_APPLY: 'auto_apply'>, <Tier.SUBSET: 'subset'>, ('B', 'D'))
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import operator
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import date, timedelta
from decimal import Decimal

import attrs
import moneyed
import networkx as nx
from rapidfuzz import fuzz

from otccore._kernel import day, show
from otccore.errors import InvalidInput
from otccore.matching.config import MatchConfig
from otccore.matching.payer import PayerEvidence, PayerIndex
from otccore.matching.references import (
    _canonical_unchecked,
    _token_spellings,
    is_near_miss,
    is_structured_key,
    normalise_reference,
    reference_keys,
    structured_reference,
)
from otccore.matching.result import (
    Band,
    ExceptionCase,
    Match,
    ReasonCode,
    ReconciliationResult,
    ScorePart,
    Tier,
)
from otccore.matching.subset import SubsetSearch, find_subsets
from otccore.money import Money, minor_digits
from otccore.reasons import Reason
from otccore.receivables import (
    Allocation,
    AllocationKind,
    Customer,
    CustomerId,
    ItemId,
    OpenItem,
    Payment,
    PaymentId,
)
from otccore.receivables.ledger import index_unique

__all__ = ["reconcile"]

_K = AllocationKind
_PAYMENT_IDS = operator.attrgetter("payment_ids")
_PAYER_CODES = {code.value: code for code in ReasonCode if code.value.startswith("payer_")}
_CONFLICT_PART = ScorePart("payer_conflict", -25)
_CONFLICT_REASON = Reason.of(
    ReasonCode.PAYER_CONFLICT, "the references name another customer than the payer's"
)
_REFERENCE_ELSEWHERE = Reason.of(
    ReasonCode.AMOUNT_MISMATCH, "the references name other items than the amount explains"
)
# bounds of the many-to-many search: payments per payer tried together (2^12
# sets at most), and suggestions per payer
_M2M_PAYMENTS = 12
_M2M_PROPOSALS = 3
_FROM_REFERENCES = frozenset({"payer_reference", "payer_remittance"})
_CONFLICT_SUGGEST = Reason.of(
    ReasonCode.PAYER_CONFLICT, "a payer conflict is only ever suggested, never posted"
)
_EXACT_REASON = Reason.of(ReasonCode.EXACT_AMOUNT, "the amount is exact")


class _It:
    __slots__ = (
        "cur",
        "cust",
        "due",
        "id",
        "issue",
        "item",
        "keys",
        "original",
        "structured_key",
        "units",
    )

    def __init__(self, item: OpenItem) -> None:
        self.item = item
        self.id = item.id
        self.cust = item.customer_id
        self.cur = item.currency
        self.units = _units(item.open)
        self.original = self.units
        self.due = item.due_date
        self.issue = item.issue_date
        ref = item.payment_reference
        self.structured_key = _canonical_unchecked(ref) if ref else None
        number_key = normalise_reference(item.number)
        ref_key = self.structured_key or (normalise_reference(ref) if ref else "")
        if ref_key and ref_key != number_key:
            self.keys: tuple[str, ...] = (number_key, ref_key) if number_key else (ref_key,)
        else:
            self.keys = (number_key,) if number_key else ()

    def sort_key(self) -> tuple[date, str]:
        return (self.due, self.id)


class _Py:
    __slots__ = (
        "against",
        "conflict",
        "cur",
        "custs",
        "hits",
        "id",
        "keys",
        "latest_issue",
        "name_conflict",
        "other_cur",
        "p",
        "payer",
        "payer_cache",
        "ref_points",
        "units",
    )

    def __init__(self, p: Payment) -> None:
        self.p = p
        self.id = p.id
        self.cur = p.amount.currency.code
        self.units = _units(p.amount)
        self.keys: tuple[str, ...] = ()
        self.hits: tuple[_It, ...] = ()
        # what the references name besides live items: settled or foreign-currency
        # documents, document-like keys the book does not know (evidence against
        # posting on the amount alone)
        # (code, as shown, key a near miss may excuse or ""); empty for almost
        # every payment
        self.against: tuple[tuple[ReasonCode, str, str], ...] = ()
        self.other_cur = False
        self.payer = _NO_PAYER
        self.custs: tuple[CustomerId, ...] = ()
        self.conflict = False
        self.name_conflict: tuple[CustomerId, ...] = ()
        self.ref_points = 0
        self.latest_issue = p.value_date
        self.payer_cache: tuple[list[ScorePart], list[Reason]] | None = None


class _Settlement:
    __slots__ = ("allocs", "deduction", "label", "never_auto", "points", "reasons")

    def __init__(
        self,
        label: str,
        points: int,
        allocs: list[tuple[AllocationKind, ItemId | None, int]],
        reasons: list[Reason],
        *,
        deduction: bool = False,
        never_auto: bool = False,
    ) -> None:
        self.label = label
        self.points = points
        self.allocs = allocs
        self.reasons = reasons
        self.deduction = deduction
        # a deduction no config may post (an expired discount taken anyway)
        self.never_auto = never_auto

    @property
    def exception_code(self) -> ReasonCode:
        """The exception code when this settlement is not posted."""
        if self.never_auto:
            return ReasonCode.DISCOUNT_EXPIRED
        return ReasonCode.SHORT_PAY_OVER_TOLERANCE if self.deduction else ReasonCode.AMOUNT_MISMATCH


class _Run:
    """Shared, read-only context of one pass."""

    def __init__(
        self,
        config: MatchConfig,
        customers: Mapping[str, Customer],
        payer_index: PayerIndex | None,
        progress: Callable[[int, int], object] | None = None,
    ) -> None:
        self.config = config
        self.progress = progress
        self.total = 0
        self._reported = 0
        self.customers = customers
        self.payer_index = payer_index
        self.family: dict[str, tuple[CustomerId, ...]] = {}
        children: dict[str, list[CustomerId]] = {}
        for c in customers.values():
            if c.parent_id is not None:
                children.setdefault(c.parent_id, []).append(c.id)
        for c in customers.values():
            fam = {c.id, *children.get(c.id, ())}
            if c.parent_id is not None and c.parent_id in customers:
                fam.add(c.parent_id)
            self.family[c.id] = tuple(sorted(fam))
        self._latest: dict[date, date] = {}
        self.payer_reasons: dict[tuple[str, str, str], Reason] = {}
        self.deadline_s = (
            config.time_budget_ms / 1000 if config.time_budget_ms is not None else None
        )

    def advance(self, done: int) -> None:
        """Report ``done`` of ``total`` payments decided, about every 1 %."""
        if self.progress is not None and done - self._reported >= max(1, self.total // 100):
            self._reported = done
            self.progress(done, self.total)

    def latest_issue(self, value_date: date) -> date:
        found = self._latest.get(value_date)
        if found is None:
            found = self._latest[value_date] = value_date + timedelta(
                days=self.config.issue_grace_days
            )
        return found

    def family_of(self, cid: CustomerId) -> tuple[CustomerId, ...]:
        return self.family.get(cid, (cid,))

    def deadline(self) -> float | None:
        if self.deadline_s is None:
            return None
        return time.monotonic() + self.deadline_s


def reconcile(
    payments: Iterable[Payment],
    open_items: Iterable[OpenItem],
    *,
    customers: Iterable[Customer] = (),
    config: MatchConfig = MatchConfig(),  # noqa: B008 - frozen value
    as_of: date,
    aliases: Mapping[str, str] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> ReconciliationResult:
    """Match ``payments`` to ``open_items``: auto-apply, suggest or raise an exception case.

    Pure and deterministic: the same inputs in any order give the same result.
    ``customers`` enables bank-account and name identification, families and the
    unknown-customer check; ``aliases`` maps payer names the host has learned to
    customer ids. Bad input (duplicate ids, an item or payment naming an unknown
    customer, wrong types) raises an :mod:`otccore.errors` exception; business
    outcomes (no payer, ambiguous, short pay …) are exception cases in the result.

    ``progress``, when given, is called as ``progress(done, total)`` while the
    run goes on: ``done`` payments of ``total`` have had their first decision
    (about every 1 %, never decreasing), and last ``progress(total, total)``.
    It is for a progress display only; what it returns is ignored, and nothing
    it does changes the result.

    Example:
        >>> from datetime import date
        >>> from otccore.matching import reconcile
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem, Payment
        >>> inv = OpenItem.invoice("INV-99910", "C1", money(50, "EUR"),
        ...                        issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))
        >>> other = OpenItem.invoice("991", "C2", money(50, "EUR"),
        ...                          issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))
        >>> pay = Payment.create("P1", money(50, "EUR"), value_date=date(2026, 1, 9),
        ...                      remittance_text="INV-99910")
        >>> [m.item_ids for m in reconcile([pay], [inv, other], as_of=date(2026, 1, 9)).matches]
        [('INV-99910',)]
    """
    as_of = day(as_of, "as_of")
    if not isinstance(config, MatchConfig):
        raise InvalidInput(f"config must be a MatchConfig: {config!r}")
    if progress is not None and not callable(progress):
        raise InvalidInput(f"progress must be a callable or None: {progress!r}")
    pays = list(payments)
    items = list(open_items)
    custs = list(customers)
    for p in pays:
        if not isinstance(p, Payment):
            raise InvalidInput(f"not a Payment: {p!r}")
    for i in items:
        if not isinstance(i, OpenItem):
            raise InvalidInput(f"not an OpenItem: {i!r}")
    for c in custs:
        if not isinstance(c, Customer):
            raise InvalidInput(f"not a Customer: {c!r}")
    pay_by_id = index_unique(pays, "id", "payment")
    item_by_id = index_unique(items, "id", "item")
    cust_by_id = index_unique(custs, "id", "customer")
    if cust_by_id:
        for item in item_by_id.values():
            if item.customer_id not in cust_by_id:
                raise InvalidInput(
                    f"item {item.id!r} names an unknown customer: {item.customer_id!r}"
                )
        for p in pay_by_id.values():
            if p.customer_id is not None and p.customer_id not in cust_by_id:
                raise InvalidInput(f"payment {p.id!r} names an unknown customer: {p.customer_id!r}")
    payer_index = (
        PayerIndex.build(cust_by_id.values(), aliases=aliases, name_score=config.name_score)
        if cust_by_id or aliases
        else None
    )
    run = _Run(config, cust_by_id, payer_index, progress)
    with _collector_paused():
        return _reconcile(pay_by_id, item_by_id, run, as_of)


_GC_LOCK = threading.Lock()
_GC_STATE = {"pauses": 0, "was_enabled": False}


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of a reconcile.

    Measured: a large run allocates millions of small acyclic objects, and the
    collector's repeated traversals of them cost about a third of the run
    (9.7 s against 6.1 s for 100,000 payments). Nothing here builds reference
    cycles, and reference counting still frees everything as usual. Nested and
    concurrent calls are counted so the collector resumes only when the last one
    ends, and only if it was running before.

    Before it resumes, the objects allocated meanwhile are moved to the oldest
    generation (``gc.freeze()`` then ``gc.unfreeze()``, two list splices).
    Otherwise the first young collection after the run traverses every one of
    them, and then the middle generation again: measured, 4.4 s at the end of a
    million-payment run, about 7 % of it, for objects that are either freed by
    reference counting or long-lived results. They are still examined by full
    collections as usual. A host that keeps its own frozen generation
    (``gc.get_freeze_count() > 0``, as pre-fork servers do) is left alone.
    """
    with _GC_LOCK:
        if _GC_STATE["pauses"] == 0:
            _GC_STATE["was_enabled"] = gc.isenabled()
            gc.disable()
        _GC_STATE["pauses"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_STATE["pauses"] -= 1
            if _GC_STATE["pauses"] == 0 and _GC_STATE["was_enabled"]:
                if gc.get_freeze_count() == 0:
                    gc.freeze()
                    gc.unfreeze()
                gc.enable()


def _reconcile(
    pay_by_id: Mapping[str, Payment],
    item_by_id: Mapping[str, OpenItem],
    run: _Run,
    as_of: date,
) -> ReconciliationResult:
    config = run.config
    remaining = [pay_by_id[k] for k in sorted(pay_by_id)]
    current: list[OpenItem] = []
    settled: list[OpenItem] = []
    for k in sorted(item_by_id):
        item = item_by_id[k]
        (current if item.is_open else settled).append(item)
    book = _Book([i for i in current if i.open.amount > 0], settled)
    # tuples, not the frozensets reference_keys returns: 56 bytes against 216
    # each, which is 150 MB on a million payments
    keys: dict[str, tuple[str, ...]] = {
        p.id: tuple(
            sorted(
                reference_keys(
                    *p.references,
                    p.remittance_text,
                    *(line.document for line in p.remittance),
                    min_length=config.min_reference_length,
                )
            )
        )
        for p in remaining
    }
    posted: list[Match] = []
    solved: _Solved = {}
    touched: set[str] = set()
    run.total = len(remaining)
    first = True
    while True:
        autos, others, cases, solved = _single_pass(
            remaining, keys, book, run, solved, touched, report=first
        )
        first = False
        if not autos:
            break
        posted.extend(autos)
        touched = book.post(autos)
        done = {pid for m in autos for pid in m.payment_ids}
        remaining = [p for p in remaining if p.id not in done]
    # ordered by payments, a payment's posted match before its suggestions (best
    # first): the few suggestions are ranked, then one stable sort on the
    # payment ids (cheaper than a key tuple for each of a million matches; a
    # payment is posted at most once, so nothing else needs breaking ties)
    if run.progress is not None:
        run.progress(run.total, run.total)
    others.sort(key=lambda m: (-m.score, m.item_ids))
    matches = sorted(posted + others, key=_PAYMENT_IDS)
    return ReconciliationResult(
        matches=tuple(matches),
        exceptions=tuple(sorted(cases, key=lambda e: e.payment_id)),
        leftover_payments=tuple(remaining),
        leftover_items=tuple(book.leftovers(current)),
        as_of=as_of,
    )


class _Book:
    """The open items of one reconcile call, prepared once; passes update ``units``."""

    def __init__(self, items: list[OpenItem], settled: Sequence[OpenItem] = ()) -> None:
        self.its = [_It(i) for i in items]
        self.by_id = {it.id: it for it in self.its}
        # a key names one item almost always: keep the item itself, a list only
        # for the rare shared key (2.4 million one-element lists are 200 MB)
        self.index: dict[str, _It | list[_It]] = {}
        self.by_cust: dict[str, list[_It]] = {}
        for it in self.its:
            self._index(it)
            self.by_cust.setdefault(it.cust, []).append(it)
        # settled items are indexed too, with nothing open, as evidence only: a
        # payment naming one is a duplicate, never cash for another item
        for item in settled:
            self._index(_It(item))
        for lst in self.by_cust.values():
            lst.sort(key=_It.sort_key)

    def _index(self, it: _It) -> None:
        for k in it.keys:
            known = self.index.get(k)
            if known is None:
                self.index[k] = it
            elif isinstance(known, list):
                known.append(it)
            else:
                self.index[k] = [known, it]

    def post(self, autos: list[Match]) -> set[str]:
        """Settle the posted allocations; returns the customers whose items changed."""
        touched: set[str] = set()
        for m in autos:
            for a in m.allocations:
                if a.item_id is not None and a.kind.settles_item:
                    it = self.by_id[a.item_id]
                    it.units -= _units(a.amount)
                    touched.add(it.cust)
        return touched

    def leftovers(self, current: list[OpenItem]) -> list[OpenItem]:
        """Open items after the posted allocations; settled items dropped."""
        out: list[OpenItem] = []
        for item in current:
            it = self.by_id.get(item.id)
            if it is None or it.units == it.original:
                out.append(item)
            elif it.units:
                out.append(item.with_open(_money(it.units, item.currency)))
        return out


_DIGITS: dict[str, int] = {}


def _digits(currency: str) -> int:
    d = _DIGITS.get(currency)
    if d is None:
        d = _DIGITS[currency] = minor_digits(currency)
    return d


def _units(value: Money) -> int:
    """Minor units of an amount already validated by its record (exact by construction)."""
    code = value.currency.code
    d = _DIGITS.get(code)
    return int(value.amount.scaleb(d if d is not None else _digits(code)))


_CURRENCY: dict[str, moneyed.Currency] = {}


def _money(units: int, currency: str) -> Money:
    # the Currency object, not its code: Money then skips a registry lookup
    # (measured: 0.27 µs against 0.43 µs a construction)
    cur = _CURRENCY.get(currency)
    if cur is None:
        cur = _CURRENCY[currency] = moneyed.get_currency(currency)
    return Money(Decimal(units).scaleb(-_digits(currency)), cur)


# --- one pass -----------------------------------------------------------------


_Solved = dict[frozenset[str], tuple[list[Match], list[ExceptionCase]]]


def _single_pass(
    payments: list[Payment],
    keys: Mapping[str, tuple[str, ...]],
    book: _Book,
    run: _Run,
    solved: _Solved | None = None,
    touched: AbstractSet[str] = frozenset(),
    *,
    report: bool = False,
) -> tuple[list[Match], list[Match], list[ExceptionCase], _Solved]:
    """One pass over ``payments``; returns autos, suggestions, exception cases, and
    the components that posted nothing (keyed by their payment ids) for reuse.

    A component of the previous pass that posted nothing, none of whose
    customers had an item settled since, and that has exactly the same payments
    again would be solved identically (its payments see the same items), so its
    outcome is reused from ``solved`` instead of solved again.
    """
    pys = [_prepare(p, keys[p.id], book.index, run) for p in payments]
    autos, taken = _fast_path(pys, run)
    graph: nx.Graph = nx.Graph()
    cases: list[ExceptionCase] = []
    pys = [py for py in pys if py.id not in taken]
    for py in pys:
        if not py.custs:
            cases.append(_no_payer(py))
        elif len(py.custs) > 1:
            graph.add_edges_from((py.custs[0], other) for other in py.custs[1:])
    # customers linked by a payment share a component (networkx); a customer no
    # payment links to another is a component of its own, without a graph node
    comp_of: dict[str, str] = {}
    for comp in nx.connected_components(graph):
        root = min(comp)
        for cid in comp:
            comp_of[cid] = root
    grouped: dict[str, list[_Py]] = {}
    for py in pys:
        if py.custs:
            first = py.custs[0]
            grouped.setdefault(comp_of.get(first, first), []).append(py)
    others: list[Match] = []
    taken_items = set(taken.values())
    quiet: _Solved = {}
    done = len(taken) + len(cases)
    if report:
        run.advance(done)
    for n in sorted(grouped):
        comp_pys = grouped[n]
        cids = sorted({c for py in comp_pys for c in py.custs})
        ids = frozenset(py.id for py in comp_pys)
        before = solved.get(ids) if solved is not None else None
        if before is not None and not any(c in touched for c in cids):
            o, c = before
            a: list[Match] = []
        else:
            solver = _Component(
                run, comp_pys, {c: book.by_cust.get(c, []) for c in cids}, taken_items
            )
            a, o, c = solver.solve()
        if not a:
            quiet[ids] = (o, c)
        autos.extend(a)
        others.extend(o)
        cases.extend(c)
        if report:
            done += len(comp_pys)
            run.advance(done)
    return autos, others, cases, quiet


def _fast_path(pys: list[_Py], run: _Run) -> tuple[list[Match], dict[str, str]]:
    """Post the plain cases before building components: one reference, exact amount.

    A payment qualifies when its references name exactly one live item, nothing
    else names that item (no other payment, no remittance line), the amount is
    exactly the item's open amount, the payer does not conflict, and the score
    reaches the auto-apply bar. This is what the reference tier would decide for
    it anyway; taking it first keeps the bulk of a large run out of the
    per-component machinery. Returns the matches and ``{payment id: item id}``.
    """
    cfg = run.config
    claims: dict[str, int] = {}
    for py in pys:
        for it in py.hits:
            claims[it.id] = claims.get(it.id, 0) + 1
    autos: list[Match] = []
    taken: dict[str, str] = {}
    for py in pys:
        if len(py.hits) != 1 or py.conflict or py.p.remittance or not py.custs:
            continue
        it = py.hits[0]
        if claims[it.id] != 1 or it.units != py.units or it.issue > py.latest_issue:
            continue
        if it.cust not in py.custs or it.cur != py.cur:
            continue
        payer_parts, payer_reasons = _payer_evidence(py, run.payer_reasons)
        points = py.ref_points + 30 + sum(p.points for p in payer_parts)
        if points < cfg.auto_apply_score:
            continue
        code = ReasonCode.STRUCTURED_REFERENCE if py.ref_points >= 60 else ReasonCode.REFERENCE
        reasons = [
            Reason(code, "the references name " + it.item.number),
            _EXACT_REASON,
            *payer_reasons,
        ]
        parts = [_part("reference", py.ref_points), _part("exact", 30), *payer_parts]
        allocs = [(_K.APPLIED, it.id, it.units, py.id)]
        autos.append(_make(cfg, [py], [it], Tier.REFERENCE, parts, allocs, reasons))
        taken[py.id] = it.id
    return autos, taken


_NO_PAYER = PayerEvidence((), "", 0, "")


def _prepare(
    p: Payment, keys: tuple[str, ...], index: Mapping[str, _It | list[_It]], run: _Run
) -> _Py:
    py = _Py(p)
    py.keys = keys
    payer = _NO_PAYER
    if p.customer_id is not None:
        payer = PayerEvidence((p.customer_id,), "payer_given", 20, "given by the host")
    elif run.payer_index is not None:
        payer = run.payer_index.by_account(p)
    structured = False
    hits: dict[str, _It] = {}
    cur = py.cur
    for k in keys:
        found = index.get(k)
        if found is None:
            # a key with a digit that names nothing: a document the book does not
            # know (letters only are words; a bare year is a date)
            if not k.isalpha() and not _is_year(k):
                py.against += ((ReasonCode.UNKNOWN_REFERENCE, k, k),)
            continue
        if isinstance(found, list) and payer.customers:
            # a shared key (FA-1001 and 1001): the payer's own item, where it has one
            found = _own_items(found, payer.customers[0], run)
        for it in found if isinstance(found, list) else (found,):
            if it.units <= 0:
                if it.original:
                    # settled earlier in this run: what a run on the leftovers
                    # would see is a document not in the book, so say that
                    py.against += ((ReasonCode.UNKNOWN_REFERENCE, k, k),)
                    continue
                # settled before the run, of exactly this amount: a duplicate
                # payment; of another amount a mistyped number may still name it
                same = it.cur == cur and _units(it.item.original) == py.units
                py.against += ((ReasonCode.DUPLICATE_PAYMENT, it.item.number, "" if same else k),)
                continue
            if it.cur != cur:
                py.other_cur = True
                py.against += ((ReasonCode.CURRENCY_MISMATCH, it.item.number, k),)
                continue
            hits[it.id] = it
            if k == it.structured_key and not structured and is_structured_key(k):
                structured = True
    if hits:
        py.hits = tuple(hits[k] for k in sorted(hits)) if len(hits) > 1 else tuple(hits.values())
        py.ref_points = 60 if structured or p.remittance else 50
    found_hits = py.hits
    hit_custs: Sequence[CustomerId] = (
        (found_hits[0].cust,)
        if len(found_hits) == 1
        else sorted({it.cust for it in found_hits})
        if found_hits
        else ()
    )
    if not payer.customers and len(hit_custs) == 1:
        method = "payer_remittance" if p.remittance else "payer_reference"
        payer = PayerEvidence(
            (hit_custs[0],),
            method,
            15 if structured or p.remittance else 10,
            "the referenced items",
        )
        if p.payer_name and run.payer_index is not None:
            # the references found the payer; a payer name that is exactly another
            # customer's contradicts them (a dict lookup, no fuzzy search)
            named = run.payer_index.named(p.payer_name)
            if named:
                family = run.family_of(hit_custs[0])
                if not any(c in family for c in named):
                    py.conflict = True
                    py.name_conflict = named
    if not payer.customers and run.payer_index is not None:
        payer = run.payer_index.by_name(p)
    py.payer = payer
    py.latest_issue = run.latest_issue(p.value_date)
    if payer.customers:
        first = payer.customers[0]
        family = run.family_of(first)
        if len(family) == 1 and (not hit_custs or (len(hit_custs) == 1 and hit_custs[0] == first)):
            py.custs = family  # the common case: one customer, no family, no conflict
            return py
    custs: set[CustomerId] = set()
    for c in payer.customers:
        custs.update(run.family_of(c))
    if payer.found:
        for c in hit_custs:
            if c not in custs:
                py.conflict = True
                custs.update(run.family_of(c))
    else:
        for c in hit_custs:
            custs.update(run.family_of(c))
    ordered = sorted(custs)
    if payer.found:
        first = payer.customers[0]
        ordered.remove(first)
        ordered.insert(0, first)
    py.custs = tuple(ordered)
    return py


def _is_year(key: str) -> bool:
    return len(key) == 4 and key[:2] in ("19", "20") and key.isdigit()


def _own_items(found: list[_It], cid: CustomerId, run: _Run) -> list[_It]:
    """The items of a shared key that belong to the payer's family, if any do."""
    family = run.family_of(cid)
    own = [it for it in found if it.cust in family]
    return own or found


_AGAINST_TEXT = {
    ReasonCode.DUPLICATE_PAYMENT: "already settled: a duplicate payment?",
    ReasonCode.CURRENCY_MISMATCH: "in another currency than the payment",
    ReasonCode.UNKNOWN_REFERENCE: "which no open item of the book has",
}


def _against(py: _Py, excused: AbstractSet[str] = frozenset()) -> Reason | None:
    """The reason the references speak against an amount-only match, if they do.

    Settled documents come first (a duplicate payment), then other currencies,
    then unknown documents. ``excused`` holds keys that are near misses of the
    items the amount explains (a mistyped number of the very item paid).
    """
    for code, tail in _AGAINST_TEXT.items():
        keys = {k for c, _, k in py.against if c is code and k}
        named = sorted({v for c, v, k in py.against if c is code and not (k and k in excused)})
        if not named:
            continue
        if code is ReasonCode.UNKNOWN_REFERENCE:
            named = _spellings(py, keys - excused)
        return Reason.of(
            code, "the references name " + ", ".join(named) + ", " + tail, documents=" ".join(named)
        )
    return None


def _spellings(py: _Py, keys: AbstractSet[str]) -> list[str]:
    """How the payment wrote the tokens behind ``keys`` (for messages; rare path)."""
    p = py.p
    texts = (*p.references, p.remittance_text, *(line.document for line in p.remittance))
    found = _token_spellings(texts, keys)
    return sorted(found.get(k, k) for k in keys)


def _no_payer(py: _Py) -> ExceptionCase:
    duplicate = _against(py)
    if duplicate is not None and duplicate.code is ReasonCode.DUPLICATE_PAYMENT:
        code = ReasonCode.DUPLICATE_PAYMENT
        text = f"payment {py.id}: {duplicate.message}"
    elif py.other_cur:
        code = ReasonCode.CURRENCY_MISMATCH
        text = f"payment {py.id} names documents, but only in other currencies than {py.cur}"
    else:
        code = ReasonCode.NO_PAYER
        text = f"payment {py.id}: no bank account, reference or name identifies the payer"
    return ExceptionCase(py.id, code, None, (Reason.of(code, text),), text)


# --- allocations ---------------------------------------------------------------


def _disc(it: _It, on: date, left: int) -> int:
    if not it.item.discounts:
        return 0
    return min(_units(it.item.discount_on(on)), max(left - 1, 0))


def _expired_disc(it: _It, on: date) -> int:
    """The largest early-payment discount of ``it`` whose deadline passed before ``on``."""
    best = 0
    for term in it.item.discounts:
        if on > term.until:
            best = max(best, _units(term.amount_for(it.item.original)))
    return best


def _spread(
    kind: AllocationKind,
    amount: int,
    targets: list[tuple[_It, int]],
    out: list[tuple[AllocationKind, ItemId | None, int]],
) -> list[tuple[_It, int]]:
    """Take ``amount`` off the applied parts of ``targets`` (largest first); return the rest."""
    order = sorted(range(len(targets)), key=lambda n: (-targets[n][1], targets[n][0].id))
    parts = list(targets)
    for n in order:
        if amount <= 0:
            break
        it, applied = parts[n]
        take = min(applied, amount)
        if take > 0:
            out.append((kind, it.id, take))
            parts[n] = (it, applied - take)
            amount -= take
    return parts


def _payer_evidence(
    py: _Py, cache: dict[tuple[str, str, str], Reason]
) -> tuple[list[ScorePart], list[Reason]]:
    if py.payer_cache is not None:
        return py.payer_cache
    parts: list[ScorePart] = []
    reasons: list[Reason] = []
    payer = py.payer
    if payer.found:
        parts.append(_part(payer.method, payer.points))
        key = (payer.method, payer.detail, payer.customers[0])
        reason = cache.get(key)
        if reason is None:
            reason = Reason.of(
                _PAYER_CODES[payer.method],
                f"payer identified by {payer.detail}",
                customer=payer.customers[0],
            )
            cache[key] = reason  # shared by the payments of one payer in this run
        reasons.append(reason)
    if py.conflict:
        parts.append(_CONFLICT_PART)
        if py.name_conflict:
            named = ", ".join(py.name_conflict)
            reasons.append(
                Reason.of(
                    ReasonCode.PAYER_CONFLICT,
                    f"the payer name {py.p.payer_name!r} is customer {named}'s, "
                    "the references name another customer",
                    customer=named,
                )
            )
        else:
            reasons.append(_CONFLICT_REASON)
    py.payer_cache = (parts, reasons)
    return py.payer_cache


_ALLOCATION_NEW = object.__new__
_SET = object.__setattr__


def _allocation(
    kind: AllocationKind, amount: Money, payment_id: PaymentId, item_id: ItemId | None, note: str
) -> Allocation:
    """An :class:`Allocation` built from values this module made itself.

    Measured: ``Allocation.__init__`` re-validates the amount (currency lookup,
    Decimal scaling and an exactness check), which was the largest single cost
    of a million-payment run. Everything passed here is already valid by
    construction (positive integer minor units of a known currency, a kind that
    names an item unless it is ON_ACCOUNT, a payment id), so the checks are
    skipped; tests compare these objects with ``Allocation.create`` ones.
    """
    alloc: Allocation = _ALLOCATION_NEW(Allocation)
    _SET(alloc, "kind", kind)
    _SET(alloc, "amount", amount)
    _SET(alloc, "payment_id", payment_id)
    _SET(alloc, "item_id", item_id)
    _SET(alloc, "note", note)
    return alloc


_PARTS: dict[tuple[str, int], ScorePart] = {}


def _part(name: str, points: int) -> ScorePart:
    part = _PARTS.get((name, points))
    if part is None:
        part = _PARTS[(name, points)] = ScorePart(name, points)
    return part


def _make(
    cfg: MatchConfig,
    pys: Sequence[_Py],
    items: Sequence[_It],
    tier: Tier,
    parts: list[ScorePart],
    allocs: Sequence[tuple[AllocationKind, ItemId | None, int, PaymentId]],
    reasons: list[Reason],
    band: Band | None = None,
) -> Match:
    score = max(0, min(100, sum(p.points for p in parts)))
    if band is None:
        band = (
            Band.AUTO_APPLY
            if score >= cfg.auto_apply_score
            else Band.SUGGEST
            if score >= cfg.suggest_score
            else Band.EXCEPTION
        )
    cur = pys[0].cur
    note = tier.value
    allocations = tuple(
        _allocation(k, _money(units, cur), pid, iid, note)
        for k, iid, units, pid in allocs
        if units > 0
    )
    item_ids = (items[0].id,) if len(items) == 1 else tuple(sorted({it.id for it in items}))
    customer = items[0].cust if items else (pys[0].custs[0] if pys[0].custs else None)
    pay_ids = (pys[0].id,) if len(pys) == 1 else tuple(sorted(py.id for py in pys))
    return Match(
        payment_ids=pay_ids,
        item_ids=item_ids,
        customer_id=customer,
        tier=tier,
        band=band,
        score=score,
        parts=tuple(parts),
        allocations=allocations,
        reasons=tuple(reasons),
    )


class _Component:
    """Solves one connected component: its payments, its customers' open items."""

    def __init__(
        self,
        run: _Run,
        pys: list[_Py],
        items_by_cust: dict[CustomerId, list[_It]],
        taken: AbstractSet[str] = frozenset(),
    ) -> None:
        self.run = run
        self.cfg = run.config
        self.pys = pys
        self.by_cust = items_by_cust
        self.left: dict[str, int] = {
            it.id: it.units for lst in items_by_cust.values() for it in lst
        }
        for iid in self.left.keys() & taken:  # iterates the smaller of the two
            self.left[iid] = 0
        self.autos: list[Match] = []
        self.suggest: dict[str, list[Match]] = {}
        self.hints: dict[str, tuple[ReasonCode, list[Match], list[Reason]]] = {}
        self.open_pys: list[_Py] = list(pys)
        # one budget for all the component's subset searches (steps, and the
        # optional wall-clock deadline), so a component with many payments to
        # explain stays bounded however many searches it needs
        self.steps_left = self.cfg.component_step_budget
        self.deadline = run.deadline()
        self.remitted: set[str] = set()

    # helpers ---------------------------------------------------------------
    def search(self, target: int, amounts: Sequence[int]) -> SubsetSearch:
        """:func:`find_subsets` within what is left of the component's budgets.

        Each search may use at most ``subset_step_budget`` steps; once the
        component has spent ``component_step_budget`` (or passed its deadline),
        every further search is incomplete at once and so never posts.
        """
        budget = min(self.cfg.subset_step_budget, self.steps_left)
        if budget <= 0:
            return SubsetSearch(target, (), 0, False, 0, "none")
        found = find_subsets(
            target,
            amounts,
            max_size=self.cfg.max_subset_size,
            step_budget=budget,
            deadline=self.deadline,
        )
        self.steps_left -= found.steps
        return found

    def cands(self, py: _Py) -> list[_It]:
        out = [
            it
            for c in py.custs
            for it in self.by_cust.get(c, ())
            if it.cur == py.cur and self.left[it.id] > 0 and it.issue <= py.latest_issue
        ]
        if len(py.custs) > 1:
            out.sort(key=_It.sort_key)
        return out

    def fx_customer(self, py: _Py, items: Sequence[_It]) -> bool:
        for it in items:
            c = self.run.customers.get(it.cust)
            if c is not None and c.currency != py.cur:
                return True
        return False

    def settle(self, py: _Py, items: Sequence[_It]) -> _Settlement:
        cfg = self.cfg
        pay = py.units
        lefts = [(it, self.left[it.id]) for it in items]
        total = sum(v for _, v in lefts)
        allocs: list[tuple[AllocationKind, ItemId | None, int]] = []
        cur = py.cur
        if pay == total:
            allocs = [(_K.APPLIED, it.id, v) for it, v in lefts]
            return _Settlement("exact", 30, allocs, [_EXACT_REASON])
        if pay > total:
            allocs = [(_K.APPLIED, it.id, v) for it, v in lefts]
            allocs.append((_K.ON_ACCOUNT, None, pay - total))
            text = f"overpaid by {show(_money(pay - total, cur))}, kept on account"
            return _Settlement(
                "overpayment",
                10
                if cfg.auto_apply_overpayments and pay - total <= cfg.overpayment_limit(total, cur)
                else -30,
                allocs,
                [Reason.of(ReasonCode.OVERPAYMENT, text, surplus=show(_money(pay - total, cur)))],
            )
        discs = [(it, _disc(it, py.p.value_date, v)) for it, v in lefts]
        disc_total = sum(d for _, d in discs)
        reasons: list[Reason] = []
        targets = list(lefts)
        base = total
        points = 30
        if disc_total and pay <= total - disc_total:
            for (it, _v), (_, d) in zip(lefts, discs, strict=True):
                if d:
                    allocs.append((_K.DISCOUNT, it.id, d))
            targets = [(it, v - d) for (it, v), (_, d) in zip(lefts, discs, strict=True)]
            base = total - disc_total
            points = 28
            reasons.append(
                Reason.of(
                    ReasonCode.DISCOUNT,
                    f"early-payment discount of {show(_money(disc_total, cur))} per the terms",
                    discount=show(_money(disc_total, cur)),
                )
            )
        diff = base - pay
        deduction = never_auto = False
        if diff > 0:
            tolerance = cfg.write_off_limit(total, cur)
            expired = (
                sum(_expired_disc(it, py.p.value_date) for it in items)
                if diff > tolerance and any(it.item.discounts for it in items)
                else 0
            )
            if diff <= tolerance:
                kind, code, pts = _K.WRITE_OFF, ReasonCode.WRITE_OFF, 25
                text = f"short by {show(_money(diff, cur))}, written off within tolerance"
            elif expired and abs(diff - expired) <= tolerance:
                # the payer took an early-payment discount after its deadline: a
                # clerk asks for the money or grants it, the engine never decides
                kind, code, pts = _K.DEDUCTION, ReasonCode.DISCOUNT_EXPIRED, 5
                text = (
                    f"short by {show(_money(diff, cur))}: an early-payment discount of "
                    f"{show(_money(expired, cur))} taken after it expired, a deduction"
                )
                deduction = never_auto = True
            elif self.fx_customer(py, items) and diff <= cfg.fx_limit(total):
                kind, code, pts = _K.FX_DIFFERENCE, ReasonCode.FX_DIFFERENCE, 20
                text = f"short by {show(_money(diff, cur))}, an FX difference (customer's currency differs)"
            elif diff <= cfg.bank_fee_limit(total, cur):
                kind, code, pts = _K.BANK_FEE, ReasonCode.BANK_FEE, 22
                text = f"short by {show(_money(diff, cur))}, a bank fee"
            else:
                kind, code = _K.DEDUCTION, ReasonCode.DEDUCTION
                pts = 20 if cfg.auto_apply_deductions else 5
                text = f"short by {show(_money(diff, cur))}, beyond tolerance: a deduction"
                deduction = True
            targets = _spread(kind, diff, targets, allocs)
            points = min(points, pts)
            reasons.append(Reason.of(code, text, difference=show(_money(diff, cur))))
        allocs = [(_K.APPLIED, it.id, v) for it, v in targets if v > 0] + allocs
        return _Settlement(
            str(reasons[0].code),
            points,
            allocs,
            reasons,
            deduction=deduction,
            never_auto=never_auto,
        )

    def payer_parts(self, py: _Py, *, independent: bool = False) -> list[ScorePart]:
        """The payer's score parts; with ``independent``, a payer the references
        found scores 0 (the references already count, and must not count twice
        where they are the only evidence besides a surplus)."""
        parts = _payer_evidence(py, self.run.payer_reasons)[0]
        if independent and py.payer.method in _FROM_REFERENCES:
            return [_part(p.name, 0) if p.name in _FROM_REFERENCES else p for p in parts]
        return parts

    def group_payer_parts(self, pys: Sequence[_Py]) -> list[ScorePart]:
        """A group's payer evidence is its weakest payment's (a payer conflict costs 25)."""
        return self.payer_parts(min(pys, key=lambda p: (p.payer.points - 25 * p.conflict, p.id)))

    def payer_reasons(self, py: _Py) -> list[Reason]:
        return _payer_evidence(py, self.run.payer_reasons)[1]

    def make(
        self,
        pys: Sequence[_Py],
        items: Sequence[_It],
        tier: Tier,
        parts: list[ScorePart],
        allocs: Sequence[tuple[AllocationKind, ItemId | None, int, PaymentId]],
        reasons: list[Reason],
        band: Band | None = None,
    ) -> Match:
        m = _make(self.cfg, pys, items, tier, parts, allocs, reasons, band)
        if m.band is Band.AUTO_APPLY and (
            pys[0].conflict if len(pys) == 1 else any(py.conflict for py in pys)
        ):
            # whatever the score: the payer and the references disagree on who
            # pays, and only a person can tell a third-party payment from a mistake
            m = _demote(m, _CONFLICT_SUGGEST)
        if not self.conserves(pys, allocs):
            # a safety net, never expected to fire (the property tests check every
            # band): a match that does not account for its cash is never posted
            m = attrs.evolve(
                m,
                band=Band.EXCEPTION,
                reasons=(
                    *m.reasons,
                    Reason.of(
                        ReasonCode.CONFLICT,
                        "the allocations do not account for the payment exactly: not posted",
                    ),
                ),
            )
        return m

    def conserves(
        self,
        pys: Sequence[_Py],
        allocs: Sequence[tuple[AllocationKind, ItemId | None, int, PaymentId]],
    ) -> bool:
        """Applied plus on account is each payment's amount; no item gets more than is open."""
        cash_of = {py.id: 0 for py in pys}
        per_item: dict[str, int] = {}
        for kind, iid, units, pid in allocs:
            if units < 0 or pid not in cash_of:
                return False
            if kind.uses_cash:
                cash_of[pid] += units
            if kind.settles_item:
                if iid is None:
                    return False
                per_item[iid] = per_item.get(iid, 0) + units
        if any(cash_of[py.id] != py.units for py in pys):
            return False
        return all(v <= self.left.get(iid, 0) for iid, v in per_item.items())

    def single(
        self,
        py: _Py,
        items: Sequence[_It],
        tier: Tier,
        evidence: list[ScorePart],
        evidence_reasons: list[Reason],
        settlement: _Settlement | None = None,
    ) -> tuple[Match, _Settlement]:
        st = settlement if settlement is not None else self.settle(py, items)
        payer = self.payer_parts(py, independent=st.label == "overpayment")
        parts = [*evidence, _part(st.label, st.points), *payer]
        reasons = [*evidence_reasons, *st.reasons, *self.payer_reasons(py)]
        allocs = [(k, iid, u, py.id) for k, iid, u in st.allocs]
        band: Band | None = None
        if st.never_auto or (st.deduction and not self.cfg.auto_apply_deductions):
            band = Band.EXCEPTION
        return self.make([py], items, tier, parts, allocs, reasons, band), st

    def commit(self, proposals: list[tuple[_Py, Match]], tier_name: str) -> None:
        """Post uncontested auto-apply proposals; demote contested ones to suggestions."""
        claims: dict[str, int] = {}
        for _, m in proposals:
            if m.band is Band.AUTO_APPLY:
                for iid in m.item_ids:
                    claims[iid] = claims.get(iid, 0) + 1
        posted: set[str] = set()
        for _py, m in proposals:
            if m.band is Band.AUTO_APPLY and all(claims[i] == 1 for i in m.item_ids):
                self.autos.append(m)
                for a in m.allocations:
                    if a.item_id is not None and a.kind.settles_item:
                        self.left[a.item_id] -= _units(a.amount)
                posted.update(m.payment_ids)
            elif m.band is Band.AUTO_APPLY:
                why = Reason.of(
                    ReasonCode.AMBIGUOUS,
                    f"another payment claims the same item in the {tier_name} tier",
                )
                demoted = _demote(m, why)
                for pid in m.payment_ids:
                    self.suggest.setdefault(pid, []).append(demoted)
            elif m.band is Band.SUGGEST:
                for pid in m.payment_ids:
                    self.suggest.setdefault(pid, []).append(m)
        self.open_pys = [py for py in self.open_pys if py.id not in posted]

    # tiers -----------------------------------------------------------------
    def solve(self) -> tuple[list[Match], list[Match], list[ExceptionCase]]:
        tiers = [
            self.tier_remittance,
            self.tier_split_reference,
            self.tier_reference,
            self.tier_unique_amount,
            self.tier_subset,
            self.tier_split_amount,
            self.tier_ties,
            self.tier_near_miss,
            self.tier_many_to_many,
        ]
        if self.cfg.oldest_first_suggestions:
            tiers.append(self.tier_oldest_first)
        for tier in tiers:
            if not self.open_pys:
                break  # everything posted: later tiers have nothing to look at
            tier()
        others: list[Match] = []
        cases: list[ExceptionCase] = []
        posted = {pid for m in self.autos for pid in m.payment_ids}
        emitted: set[tuple[tuple[str, ...], tuple[str, ...], Tier]] = set()
        for py in self.open_pys:
            sugg = [
                m
                for m in self.suggest.get(py.id, ())
                if not any(pid in posted for pid in m.payment_ids)
            ]
            if sugg:
                for m in sugg:
                    key = (m.payment_ids, m.item_ids, m.tier)
                    if key not in emitted:
                        emitted.add(key)
                        others.append(m)
                continue
            cases.append(self.exception(py))
        return self.autos, others, cases

    def unresolved(self) -> list[_Py]:
        return [py for py in self.open_pys if py.id not in self.suggest]

    def unhinted(self) -> list[_Py]:
        """The unresolved payments for which no earlier tier left an exception hint."""
        return [py for py in self.unresolved() if py.id not in self.hints]

    def live_hits(self, py: _Py) -> list[_It]:
        return [it for it in py.hits if self.left.get(it.id, 0) > 0]

    def tier_remittance(self) -> None:
        proposals: list[tuple[_Py, Match]] = []
        remitted: list[str] = []
        for py in self.open_pys:
            lines = py.p.remittance
            if not lines:
                continue
            remitted.append(py.id)
            found = self.remittance(py)
            if found is None:
                continue
            if found.band is Band.EXCEPTION:
                code = (
                    ReasonCode.DISCOUNT_EXPIRED
                    if ReasonCode.DISCOUNT_EXPIRED in found.codes
                    else ReasonCode.SHORT_PAY_OVER_TOLERANCE
                )
                self.hints[py.id] = (code, [found], list(found.reasons))
                continue
            proposals.append((py, found))
        if not remitted:
            return
        self.commit(proposals, "remittance")
        # what the advice said is the payment's reading: the reference tiers do
        # not second-guess it with the same documents
        self.remitted = {pid for pid in remitted if pid in self.suggest or pid in self.hints}

    def remittance(self, py: _Py) -> Match | None:
        """The match the payment's remittance lines describe, checked against the book.

        Each line's cash is applied to the document it names (never beyond the
        item's open amount). What the payer says it deducted is not taken on
        trust: a line's discount is a ``discount`` up to the item's terms at the
        value date (plus the write-off tolerance, written off), and beyond that a
        ``deduction``, as is a line's adjustment; deductions are posted only when
        ``auto_apply_deductions`` says so, and an expired discount taken never.
        A payment short of its lines by at most a bank fee has the fee taken off
        the applied cash; the cash is always conserved.
        """
        cfg = self.cfg
        by_key: dict[str, _It] = {}
        for it in self.cands(py):
            for k in it.keys:
                by_key.setdefault(k, it)
        cur = py.cur
        on = py.p.value_date
        allocs: list[tuple[AllocationKind, ItemId | None, int, PaymentId]] = []
        applied: list[tuple[_It, int]] = []
        used: list[_It] = []
        cash = 0
        reasons: list[Reason] = []
        deduction = never_auto = False
        for line in py.p.remittance:
            doc = structured_reference(line.document) or normalise_reference(line.document)
            found = by_key.get(doc)
            if found is None or found in used:
                return None
            it = found
            used.append(it)
            left = self.left[it.id]
            amount = _units(line.amount)
            if amount < 0:
                return None  # a line that nets a credit: not cash for one document
            paid = min(amount, left)
            rest = left - paid
            applied.append((it, paid))
            cash += paid
            tolerance = cfg.write_off_limit(left, cur)
            reasons.append(
                Reason.of(
                    ReasonCode.REMITTANCE,
                    f"remittance line names {it.item.number} for {show(_money(amount, cur))}",
                    document=line.document,
                )
            )
            if line.discount is not None and rest > 0:
                claimed = min(_units(line.discount), rest)
                terms = _disc(it, on, left) if it.item.discounts else 0
                granted = min(claimed, terms)
                if granted:
                    allocs.append((_K.DISCOUNT, it.id, granted, py.id))
                excess = claimed - granted
                if 0 < excess <= tolerance:
                    allocs.append((_K.WRITE_OFF, it.id, excess, py.id))
                    reasons.append(
                        Reason.of(
                            ReasonCode.WRITE_OFF,
                            f"{show(_money(excess, cur))} more discount than the terms, written off",
                        )
                    )
                elif excess:
                    allocs.append((_K.DEDUCTION, it.id, excess, py.id))
                    deduction = True
                    expired = _expired_disc(it, on) if it.item.discounts else 0
                    if expired and abs(claimed - expired) <= tolerance:
                        never_auto = True
                        reasons.append(
                            Reason.of(
                                ReasonCode.DISCOUNT_EXPIRED,
                                f"the advice takes a discount of {show(_money(claimed, cur))} on "
                                f"{it.item.number} after it expired: a deduction",
                            )
                        )
                    else:
                        reasons.append(
                            Reason.of(
                                ReasonCode.DEDUCTION,
                                f"the advice takes a discount of {show(_money(claimed, cur))} on "
                                f"{it.item.number}, the terms allow {show(_money(terms, cur))}: "
                                f"{show(_money(excess, cur))} is a deduction",
                            )
                        )
                rest -= claimed
            if line.adjustment is not None and rest > 0:
                d = min(abs(_units(line.adjustment)), rest)
                allocs.append((_K.DEDUCTION, it.id, d, py.id))
                deduction = True
                reason = f": {line.reason}" if line.reason else ""
                reasons.append(
                    Reason.of(
                        ReasonCode.DEDUCTION,
                        f"the advice deducts {show(_money(d, cur))} from {it.item.number}{reason}",
                    )
                )
                rest -= d
            if 0 < rest <= tolerance:
                allocs.append((_K.WRITE_OFF, it.id, rest, py.id))
        parts = [ScorePart("remittance", 60)]
        if py.units >= cash:
            if py.units > cash:
                surplus = py.units - cash
                allocs.append((_K.ON_ACCOUNT, None, surplus, py.id))
                reasons.append(
                    Reason.of(
                        ReasonCode.OVERPAYMENT,
                        f"{show(_money(surplus, cur))} more than the lines, kept on account",
                        surplus=show(_money(surplus, cur)),
                    )
                )
                plausible = cfg.auto_apply_overpayments and surplus <= cfg.overpayment_limit(
                    cash, cur
                )
                parts.append(_part("overpayment", 10 if plausible else -30))
            else:
                parts.append(ScorePart("exact", 30))
        else:
            diff = cash - py.units
            if diff > cfg.bank_fee_limit(cash, cur):
                return None
            fees: list[tuple[AllocationKind, ItemId | None, int]] = []
            applied = _spread(_K.BANK_FEE, diff, applied, fees)
            allocs += [(k, iid, u, py.id) for k, iid, u in fees]
            reasons.append(Reason.of(ReasonCode.BANK_FEE, f"bank fee of {show(_money(diff, cur))}"))
            parts.append(ScorePart("bank_fee", 22))
        allocs[:0] = [(_K.APPLIED, it.id, u, py.id) for it, u in applied]
        parts += self.payer_parts(py, independent=py.units > cash)
        band: Band | None = None
        if never_auto or (deduction and not cfg.auto_apply_deductions):
            band = Band.EXCEPTION
        return self.make(
            [py], used, Tier.REMITTANCE, parts, allocs, reasons + self.payer_reasons(py), band
        )

    def tier_split_reference(self) -> None:
        groups: dict[str, list[_Py]] = {}
        for py in self.open_pys:
            if py.id in self.remitted:
                continue
            live = self.live_hits(py)
            if len(live) == 1 and py.units < self.left[live[0].id]:
                groups.setdefault(live[0].id, []).append(py)
        proposals: list[tuple[_Py, Match]] = []
        for iid in sorted(groups):
            group = groups[iid]
            if len(group) < 2:
                continue
            it = self.live_hits(group[0])[0]
            left = self.left[iid]
            paid = sum(py.units for py in group)
            diff = left - paid
            if diff < 0 or diff > self.cfg.write_off_limit(left, group[0].cur):
                continue
            allocs: list[tuple[AllocationKind, ItemId | None, int, PaymentId]] = [
                (_K.APPLIED, it.id, py.units, py.id) for py in group
            ]
            reasons = [
                Reason.of(
                    ReasonCode.SPLIT_PAYMENT,
                    f"{len(group)} payments name {it.item.number} and add up to it",
                )
            ]
            parts = [ScorePart("reference", min(py.ref_points for py in group))]
            if diff:
                allocs.append((_K.WRITE_OFF, it.id, diff, group[-1].id))
                parts.append(ScorePart("write_off", 25))
                reasons.append(
                    Reason.of(
                        ReasonCode.WRITE_OFF, f"{show(_money(diff, group[0].cur))} written off"
                    )
                )
            else:
                parts.append(ScorePart("exact", 30))
            parts += self.group_payer_parts(group)
            m = self.make(group, [it], Tier.SPLIT, parts, allocs, reasons)
            proposals.append((group[0], m))
        self.commit(proposals, "split")

    def alternative(self, py: _Py, exclude: Sequence[_It]) -> _It | None:
        """A unique exact-amount candidate other than ``exclude`` (a rival explanation)."""
        ex = {it.id for it in exclude}
        found = [it for it in self.cands(py) if it.id not in ex and self.left[it.id] == py.units]
        return found[0] if len(found) == 1 else None

    def tier_reference(self) -> None:
        proposals: list[tuple[_Py, Match]] = []
        for py in self.open_pys:
            if py.id in self.remitted:
                continue
            live = self.live_hits(py)
            if not live:
                continue
            live.sort(key=_It.sort_key)
            ref_part = [ScorePart("reference", py.ref_points)]
            ref_reason = [
                Reason.of(
                    ReasonCode.STRUCTURED_REFERENCE
                    if py.ref_points >= 60
                    else ReasonCode.REFERENCE,
                    "the references name " + ", ".join(it.item.number for it in live),
                )
            ]
            m, st = self.single(py, live, Tier.REFERENCE, ref_part, ref_reason)
            if st.deduction and len(live) > 1:
                search = self.search(py.units, [self.left[it.id] for it in live])
                if search.unique:
                    chosen = [live[n] for n in search.solutions[0]]
                    m, st = self.single(py, chosen, Tier.REFERENCE, ref_part, ref_reason)
            if st.label not in ("exact", "discount"):
                rival = self.alternative(py, live)
                if rival is not None:
                    rival_score = 30 + 25 + sum(p.points for p in self.payer_parts(py))
                    if m.score - rival_score < self.cfg.margin or st.deduction:
                        why = Reason.of(
                            ReasonCode.AMBIGUOUS,
                            f"the amount matches {rival.item.number} exactly, "
                            "but the reference names another item",
                        )
                        r, _ = self.single(
                            py,
                            [rival],
                            Tier.UNIQUE_AMOUNT,
                            [ScorePart("unique_amount", 25)],
                            [Reason.of(ReasonCode.UNIQUE_AMOUNT, "unique exact amount")],
                        )
                        proposals.append((py, _demote(m, why)))
                        proposals.append((py, _demote(r, why)))
                        continue
            if m.band is Band.EXCEPTION:
                self.hints[py.id] = (st.exception_code, [m], list(m.reasons))
                continue
            proposals.append((py, m))
        self.commit(proposals, "reference")

    def blocked(self, py: _Py, items: Sequence[str] = ()) -> Reason | None:
        """Why the references forbid posting ``py`` on its amount alone (to ``items``).

        They do when they name live items (the reference tiers' business), or
        settled or foreign-currency documents, or document-like keys the book
        does not know — except a key that is a near miss of one of ``items``
        (a mistyped reference of the very item the amount explains), and a
        settled document of another amount only then.
        """
        if py.hits:
            return _REFERENCE_ELSEWHERE
        if not py.against:
            return None
        excused: set[str] = set()
        if items:
            n = self.cfg.near_miss_length
            wanted = set(items)
            keys = [
                k for lst in self.by_cust.values() for it in lst if it.id in wanted for k in it.keys
            ]
            excused = {
                t
                for _, _, t in py.against
                if t and any(is_near_miss(t, k, min_length=n) for k in keys)
            }
        return _against(py, excused)

    def tier_unique_amount(self) -> None:
        proposals: list[tuple[_Py, Match]] = []
        for py in self.unhinted():
            cands = self.cands(py)
            exact = [it for it in cands if self.left[it.id] == py.units]
            tier_parts = [ScorePart("unique_amount", 25)]
            if len(exact) == 1:
                m, _ = self.single(
                    py,
                    exact,
                    Tier.UNIQUE_AMOUNT,
                    tier_parts,
                    [Reason.of(ReasonCode.UNIQUE_AMOUNT, "the only open item of this amount")],
                )
                proposals += self.rivalled(py, self.guard(py, m), exact, cands)
                continue
            if exact:
                continue  # a tie: settled by the tie tier
            disc = [
                it
                for it in cands
                if it.item.discounts
                and self.left[it.id] - _disc(it, py.p.value_date, self.left[it.id]) == py.units
            ]
            if len(disc) == 1:
                m, _ = self.single(
                    py,
                    disc,
                    Tier.UNIQUE_AMOUNT,
                    tier_parts,
                    [
                        Reason.of(
                            ReasonCode.UNIQUE_AMOUNT, "the only item of this discounted amount"
                        )
                    ],
                )
                proposals += self.rivalled(py, self.guard(py, m), disc, cands)
        self.commit(proposals, "unique amount")

    def rivalled(
        self, py: _Py, m: Match, chosen: Sequence[_It], cands: Sequence[_It]
    ) -> list[tuple[_Py, Match]]:
        """``m`` (an amount-only single-item match), unless a combination of the
        other candidates adds up to the payment exactly: then both readings are
        rival explanations nothing distinguishes, and both are suggested (as
        when the search runs out of budget before proving there is none)."""
        if m.band is not Band.AUTO_APPLY:
            return [(py, m)]  # not posted anyway: no need to look for rivals
        ex = {it.id for it in chosen}
        target = py.units
        left = self.left
        # only items smaller than the payment can combine to it (cheap screen:
        # most customers have no two of them adding up to enough)
        others = [it for it in cands if it.id not in ex and left[it.id] < target]
        if len(others) < 2 or sum(left[it.id] for it in others) < target:
            return [(py, m)]
        search = self.search(target, [left[it.id] for it in others])
        if search.complete and not search.solutions:
            return [(py, m)]
        if not search.solutions:
            why = Reason.of(
                ReasonCode.BUDGET_EXHAUSTED,
                "the search for a combination of other items with this sum ran out of "
                "budget: the single item is not proven the only explanation",
                steps=search.steps,
            )
            return [(py, _demote(m, why))]
        rival = [others[n] for n in search.solutions[0]]
        why = Reason.of(
            ReasonCode.AMBIGUOUS,
            f"{m.item_ids[0]} alone and "
            + " + ".join(it.item.number for it in sorted(rival, key=_It.sort_key))
            + " together both match the amount, and no reference tells them apart",
        )
        r, _ = self.single(
            py,
            rival,
            Tier.SUBSET,
            [ScorePart("subset", 20)],
            [Reason.of(ReasonCode.SUBSET, f"{len(rival)} open items add up to the payment")],
        )
        return [(py, _demote(m, why)), (py, _demote(r, why))]

    def guard(self, py: _Py, m: Match) -> Match:
        """Amount-only explanations are not posted against contrary reference evidence."""
        if m.band is not Band.AUTO_APPLY:
            return m
        why = self.blocked(py, m.item_ids)
        if why is not None:
            return _demote(m, why)
        near = self.near_items(py)
        if near and not {it.id for it in near} <= set(m.item_ids):
            return _demote(
                m,
                Reason.of(
                    ReasonCode.NEAR_MISS_REFERENCE,
                    "a reference is one edit away from another item: "
                    + ", ".join(it.item.number for it in near),
                ),
            )
        return m

    def near_items(self, py: _Py) -> list[_It]:
        """Candidates one of whose keys is a near miss of one of the payment's tokens."""
        n = self.cfg.near_miss_length
        tokens = [k for k in py.keys if len(k) >= n]
        if not tokens:
            return []
        return [
            it
            for it in self.cands(py)
            if any(is_near_miss(t, k, min_length=n) for t in tokens for k in it.keys)
        ]

    def tier_subset(self) -> None:
        proposals: list[tuple[_Py, Match]] = []
        for py in self.unhinted():
            cands = self.cands(py)
            if len(cands) < 2:
                continue
            if any(self.left[it.id] == py.units for it in cands):
                continue  # equal-amount ties are the tie tier's
            for discounted in (False, True):
                amounts = [
                    self.left[it.id]
                    - (_disc(it, py.p.value_date, self.left[it.id]) if discounted else 0)
                    for it in cands
                ]
                if discounted and amounts == [self.left[it.id] for it in cands]:
                    break
                search = self.search(py.units, amounts)
                if not search.complete and not search.solutions:
                    self.hints[py.id] = (
                        ReasonCode.BUDGET_EXHAUSTED,
                        [],
                        [
                            Reason.of(
                                ReasonCode.BUDGET_EXHAUSTED,
                                f"subset search over {len(cands)} items ran out of budget",
                                steps=search.steps,
                            )
                        ],
                    )
                    break
                if not search.solutions:
                    continue
                reasons = [
                    Reason.of(
                        ReasonCode.SUBSET,
                        f"{len(search.solutions[0])} open items add up to the payment",
                    )
                ]
                if search.unique:
                    chosen = [cands[n] for n in search.solutions[0]]
                    m, _ = self.single(
                        py, chosen, Tier.SUBSET, [ScorePart("unique_subset", 20)], reasons
                    )
                    proposals.append((py, self.guard(py, m)))
                else:
                    why = Reason.of(
                        ReasonCode.AMBIGUOUS if search.complete else ReasonCode.BUDGET_EXHAUSTED,
                        "several combinations add up to the payment"
                        if search.complete
                        else "the search ran out of budget before proving a combination unique",
                    )
                    for sol in search.solutions:
                        chosen = [cands[n] for n in sol]
                        m, _ = self.single(
                            py, chosen, Tier.SUBSET, [ScorePart("subset", 20)], reasons
                        )
                        proposals.append((py, _demote(m, why)))
                break
        self.commit(proposals, "subset")

    def tier_split_amount(self) -> None:
        pool = [py for py in self.unhinted() if not py.hits]
        if len(pool) < 2:
            return
        proposals: list[tuple[_Py, Match]] = []
        items = sorted(
            {it.id: it for py in pool for it in self.cands(py)}.values(), key=_It.sort_key
        )
        for it in items:
            left = self.left[it.id]
            payers = [
                py for py in pool if py.units < left and it.cust in py.custs and py.cur == it.cur
            ]
            if len(payers) < 2:
                continue
            search = self.search(left, [py.units for py in payers])
            if not search.solutions or len(search.solutions[0]) < 2:
                continue
            group = [payers[n] for n in search.solutions[0]]
            allocs: list[tuple[AllocationKind, ItemId | None, int, PaymentId]] = [
                (_K.APPLIED, it.id, py.units, py.id) for py in group
            ]
            parts = [
                ScorePart("exact", 30),
                ScorePart("split_subset", 20),
                *self.group_payer_parts(group),
            ]
            reasons = [
                Reason.of(
                    ReasonCode.SPLIT_PAYMENT,
                    f"{len(group)} payments add up to {it.item.number}",
                )
            ]
            m = self.make(group, [it], Tier.SPLIT, parts, allocs, reasons)
            if not search.unique:
                m = _demote(m, Reason.of(ReasonCode.AMBIGUOUS, "several groups of payments fit"))
            proposals.append((group[0], m))
        # a payment may serve one item only
        used: dict[str, int] = {}
        for _, m in proposals:
            for pid in m.payment_ids:
                used[pid] = used.get(pid, 0) + 1
        fixed = []
        for py, m in proposals:
            if m.band is Band.AUTO_APPLY and any(used[p] > 1 for p in m.payment_ids):
                m = _demote(m, Reason.of(ReasonCode.AMBIGUOUS, "a payment fits several items"))
            fixed.append((py, m))
        self.commit(fixed, "split")

    def tier_ties(self) -> None:
        pool = self.unhinted()
        graph: nx.Graph = nx.Graph()
        items: dict[str, _It] = {}
        for py in pool:
            exact = [it for it in self.cands(py) if self.left[it.id] == py.units]
            if len(exact) < 2 and not (exact and py.hits):
                continue
            for it in exact:
                items[it.id] = it
                # evidence: how alike the payment's tokens and the item's keys are
                # (rapidfuzz, 0-100, counted ten times), then the closer due date
                similar = max((int(fuzz.ratio(t, k)) for t in py.keys for k in it.keys), default=0)
                days = min(abs((py.p.value_date - it.due).days), 999)
                graph.add_edge(("p", py.id), ("i", it.id), weight=10 * similar + 1000 - days)
        if not graph:
            return
        pairs = nx.max_weight_matching(graph)
        by_id = {py.id: py for py in pool}
        proposals: list[tuple[_Py, Match]] = []
        for a, b in sorted(tuple(sorted(pair)) for pair in pairs):
            pnode, inode = (a, b) if a[0] == "p" else (b, a)
            py = by_id[pnode[1]]
            it = items[inode[1]]
            m, _ = self.single(
                py,
                [it],
                Tier.TIE,
                [ScorePart("tie", 10)],
                [
                    Reason.of(
                        ReasonCode.TIE_ASSIGNMENT,
                        "several open items have this amount; assigned by reference "
                        "similarity and due date",
                    )
                ],
            )
            proposals.append((py, _demote(m, Reason.of(ReasonCode.AMBIGUOUS, "equal amounts"))))
        self.commit(proposals, "tie")

    def tier_near_miss(self) -> None:
        proposals: list[tuple[_Py, Match]] = []
        for py in self.unhinted():
            if not py.keys:
                continue
            for it in self.near_items(py):
                m, _ = self.single(
                    py,
                    [it],
                    Tier.NEAR_MISS,
                    [ScorePart("near_miss", 15)],
                    [
                        Reason.of(
                            ReasonCode.NEAR_MISS_REFERENCE,
                            f"a reference is one edit away from {it.item.number}",
                        )
                    ],
                )
                if m.band is Band.AUTO_APPLY or m.band is Band.EXCEPTION:
                    m = _demote(
                        m, Reason.of(ReasonCode.NEAR_MISS_REFERENCE, "near misses only suggest")
                    )
                proposals.append((py, m))
        self.commit(proposals, "near miss")

    def tier_many_to_many(self) -> None:
        """Several payments of one payer that together pay several of its items.

        What nothing else explained: for each payer and currency, the sets of
        (up to ``_M2M_PAYMENTS``) unexplained payments are tried smallest first,
        and for each set's total an exact subset search over the common
        candidates looks for two or more items with that sum. The whole joint
        search shares one step budget (``subset_step_budget``), within what is
        left of the component's (``component_step_budget``). Which payment
        pays which item is then a guess (oldest item first), so these are only
        ever suggestions, at most ``_M2M_PROPOSALS`` per payer.
        """
        pool = [py for py in self.unhinted() if py.custs]
        if len(pool) < 2:
            return
        groups: dict[tuple[str, str], list[_Py]] = {}
        for py in pool:
            groups.setdefault((py.custs[0], py.cur), []).append(py)
        budget = self.cfg.subset_step_budget
        proposals: list[tuple[_Py, Match]] = []
        for key in sorted(groups):
            group = sorted(groups[key], key=lambda p: p.id)[:_M2M_PAYMENTS]
            if len(group) < 2:
                continue
            common = {it.id: it for it in self.cands(group[0])}
            for py in group[1:]:
                ids = {it.id for it in self.cands(py)}
                common = {k: v for k, v in common.items() if k in ids}
            items = sorted(common.values(), key=_It.sort_key)
            if len(items) < 2:
                continue
            amounts = [self.left[it.id] for it in items]
            available = sum(amounts)
            found = 0
            sets = itertools.chain.from_iterable(
                itertools.combinations(group, size)
                for size in range(2, min(len(group), self.cfg.max_subset_size) + 1)
            )
            for chosen in sets:
                total = sum(py.units for py in chosen)
                if total > available:
                    continue
                search = self.search(total, amounts)
                budget -= search.steps
                sol = next((x for x in search.solutions if len(x) >= 2), None)
                if sol is not None:
                    paid = [items[n] for n in sol]
                    proposals.append((chosen[0], self.many_to_many(list(chosen), paid)))
                    found += 1
                if budget <= 0 or self.steps_left <= 0 or found >= _M2M_PROPOSALS:
                    break
        self.commit(proposals, "many to many")

    def many_to_many(self, pys: list[_Py], items: list[_It]) -> Match:
        """The suggestion that ``pys`` together pay ``items``: each payment's cash
        applied to the oldest items first (the totals are equal, so all of it)."""
        open_left = {it.id: self.left[it.id] for it in items}
        allocs: list[tuple[AllocationKind, ItemId | None, int, PaymentId]] = []
        n = 0
        for py in pys:
            rest = py.units
            while rest > 0:
                it = items[n]
                take = min(rest, open_left[it.id])
                allocs.append((_K.APPLIED, it.id, take, py.id))
                rest -= take
                open_left[it.id] -= take
                if open_left[it.id] == 0:
                    n += 1
        cur = pys[0].cur
        parts = [ScorePart("many_to_many", 20), _part("exact", 30), *self.group_payer_parts(pys)]
        reasons = [
            Reason.of(
                ReasonCode.SUBSET,
                f"{len(pys)} payments ({', '.join(py.id for py in pys)}, together "
                f"{show(_money(sum(py.units for py in pys), cur))}) add up to {len(items)} open items "
                f"({', '.join(it.item.number for it in items)})",
            ),
            Reason.of(
                ReasonCode.AMBIGUOUS,
                "which payment pays which item is a guess (oldest item first): "
                "many-to-many is only ever suggested",
            ),
        ]
        return self.make(pys, items, Tier.MANY_TO_MANY, parts, allocs, reasons, Band.SUGGEST)

    def tier_oldest_first(self) -> None:
        proposals: list[tuple[_Py, Match]] = []
        for py in self.unresolved():
            cands = self.cands(py)
            if not cands:
                continue
            rest = py.units
            chosen: list[_It] = []
            allocs: list[tuple[AllocationKind, ItemId | None, int, PaymentId]] = []
            for it in cands:
                if rest <= 0:
                    break
                take = min(rest, self.left[it.id])
                allocs.append((_K.APPLIED, it.id, take, py.id))
                chosen.append(it)
                rest -= take
            if rest > 0:
                allocs.append((_K.ON_ACCOUNT, None, rest, py.id))
            m = self.make(
                [py],
                chosen,
                Tier.OLDEST_FIRST,
                [ScorePart("oldest_first", 0), *self.payer_parts(py)],
                allocs,
                [Reason.of(ReasonCode.OLDEST_FIRST, "applied to the oldest items first")],
                band=Band.SUGGEST,
            )
            proposals.append((py, m))
        self.commit(proposals, "oldest first")

    def exception(self, py: _Py) -> ExceptionCase:
        hint = self.hints.get(py.id)
        cust = py.custs[0] if py.custs else None
        if hint is not None:
            code, proposals, hint_reasons = hint
            text = f"payment {py.id}: " + "; ".join(r.message for r in hint_reasons)
            return ExceptionCase(py.id, code, cust, tuple(hint_reasons), text, tuple(proposals))
        against = self.blocked(py) if not py.hits else None
        if py.hits and not self.live_hits(py):
            code = ReasonCode.NO_CANDIDATE
            text = f"payment {py.id}: the items its references name are already settled"
        elif against is not None and against.code is not ReasonCode.UNKNOWN_REFERENCE:
            code = ReasonCode(against.code)
            text = f"payment {py.id}: {against.message}"
        elif not self.cands(py):
            currencies = {
                it.cur for cid in py.custs for it in self.by_cust.get(cid, ()) if it.units > 0
            }
            if currencies and py.cur not in currencies:
                code = ReasonCode.CURRENCY_MISMATCH
                text = (
                    f"payment {py.id} is in {py.cur}; the customer's open items are in "
                    + ", ".join(sorted(currencies))
                )
            else:
                code = ReasonCode.NO_CANDIDATE
                text = f"payment {py.id}: customer {cust} has no open item to pay"
        else:
            code = ReasonCode.AMOUNT_MISMATCH
            text = (
                f"payment {py.id} ({show(_money(py.units, py.cur))}): no item or combination of "
                f"customer {cust}'s open items explains the amount"
            )
        extra = (against,) if against is not None and against.code is not code else ()
        return ExceptionCase(
            py.id, code, cust, (Reason.of(code, text), *extra, *self.payer_reasons(py)), text
        )


def _demote(m: Match, why: Reason) -> Match:
    return attrs.evolve(m, band=Band.SUGGEST, reasons=(*m.reasons, why))
