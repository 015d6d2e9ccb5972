"""Cash-application scenarios with ground truth, and a scorer for matching results.

:func:`generate_scenario` builds a receivables book (customers with bank
accounts, invoices with references and discount terms) and a day of incoming
payments with tunable :class:`Noise`: missing or mistyped references, payer name
variants, unknown accounts, short pays, discounts taken, bank fees, combined
and split payments, overpayments, equal amounts, wrong customers, remittance
advice. :func:`generate_payments` does the same for an existing book.
:func:`score` compares a :class:`~otccore.matching.ReconciliationResult` with
the truth: payment- and item-level auto-apply rates and the precision of the
posted links.

Example:
    >>> from otccore.matching import reconcile
    >>> from otccore.testing.scenarios import generate_scenario, score
    >>> sc = generate_scenario(payments=200, seed=7)
    >>> result = reconcile(sc.payments, sc.items, customers=sc.customers, as_of=sc.as_of)
    >>> s = score(result, sc)
    >>> s.payment_auto_rate > 80, s.wrong_links
    (True, 0)
"""

from __future__ import annotations

import decimal
import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

import attrs
from stdnum.iso7064 import mod_97_10

from otccore._kernel import DIVISION, keyword_only
from otccore._tabular import TableMixin
from otccore.matching import Band, ReconciliationResult
from otccore.money import from_minor, to_minor
from otccore.receivables import (
    Customer,
    DiscountTerm,
    ItemId,
    OpenItem,
    Payment,
    PaymentId,
    RemittanceLine,
)

__all__ = ["Noise", "Scenario", "ScenarioScore", "generate_payments", "generate_scenario", "score"]

_FIRST = (
    "Acme", "Beta", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Iris", "Juniper",
    "Kestrel", "Lumen", "Meridian", "Nimbus", "Orchid", "Pioneer", "Quartz", "Raven", "Summit",
    "Tundra", "Umber", "Vertex", "Willow", "Xenon", "Yarrow", "Zephyr", "Atlas", "Boreal",
)  # fmt: skip
_SECOND = (
    "Trading", "Foods", "Logistics", "Systems", "Textiles", "Metals", "Pharma", "Retail",
    "Energy", "Media", "Tools", "Farms", "Optics", "Marine", "Labs", "Motors", "Paper", "Glass",
)  # fmt: skip
_FORMS = ("GmbH", "Ltd", "SA", "BV", "Inc", "SRL", "AG", "NV")


@attrs.frozen(kw_only=True)
class Noise:
    """Probabilities (per payment) of each kind of real-world noise.

    ``equal_amounts`` is per invoice: the share of invoices that repeat another
    invoice's amount for the same customer (subscriptions, instalments).
    ``bank_fee`` deducts a flat 7.50 to 25.00, never more than 1 % of the amount
    (a transfer too small for any of them arrives in full).
    :meth:`none` gives clean data; :meth:`heavy` a bad day at the bank.

    Example:
        >>> from otccore.testing.scenarios import Noise
        >>> Noise().missing_reference, Noise.none().combined
        (0.1, 0.0)
    """

    missing_reference: float = 0.10
    mistyped_reference: float = 0.02
    structured_reference: float = 0.15
    payer_name_variant: float = 0.30
    unknown_account: float = 0.15
    short_pay: float = 0.02
    small_difference: float = 0.03
    discount_taken: float = 0.05
    bank_fee: float = 0.02
    combined: float = 0.08
    split: float = 0.02
    overpayment: float = 0.01
    wrong_customer: float = 0.01
    remittance: float = 0.03
    equal_amounts: float = 0.05

    @classmethod
    def none(cls) -> Noise:
        """No noise at all: every payment references its one invoice exactly.

        Example:
            >>> import attrs
            >>> from otccore.testing.scenarios import Noise
            >>> set(attrs.asdict(Noise.none()).values())
            {0.0}
        """
        return cls(**{f.name: 0.0 for f in attrs.fields(cls)})

    @classmethod
    def heavy(cls) -> Noise:
        """Three times the default noise (capped at 30 %).

        Example:
            >>> import attrs
            >>> from otccore.testing.scenarios import Noise
            >>> Noise().missing_reference, Noise.heavy().missing_reference
            (0.1, 0.3)
            >>> max(attrs.asdict(Noise.heavy()).values())
            0.3
        """
        return cls(**{f.name: min(0.3, 3 * getattr(cls(), f.name)) for f in attrs.fields(cls)})


Noise.__init__ = keyword_only(Noise.__init__)  # type: ignore[method-assign]


@attrs.frozen
class Scenario:
    """A book, a day of payments and the truth: which items each payment pays.

    Example:
        >>> from otccore.testing.scenarios import generate_scenario
        >>> sc = generate_scenario(payments=5, seed=1)
        >>> sorted(sc.truth)[:2]
        ['PAY-0000000', 'PAY-0000001']
    """

    customers: tuple[Customer, ...]
    items: tuple[OpenItem, ...]
    payments: tuple[Payment, ...]
    truth: Mapping[PaymentId, frozenset[ItemId]]
    as_of: date


@attrs.frozen(kw_only=True)
class ScenarioScore(TableMixin):
    """How a result compares with the truth.

    Attributes:
        payments: payments in the scenario.
        auto_applied: payments posted.
        exact_auto: posted payments whose items are exactly the true ones.
        auto_links: posted (payment, item) links.
        wrong_links: posted links the truth does not contain.
        items_paid: items some payment truly pays.
        items_auto: of those, items posted from a payment that truly pays them.

    Example:
        >>> from otccore.testing.scenarios import ScenarioScore
        >>> ScenarioScore(payments=10, auto_applied=9, exact_auto=9,
        ...               auto_links=12, wrong_links=0, items_paid=11, items_auto=10).precision
        Decimal('100')
    """

    payments: int
    auto_applied: int
    exact_auto: int
    auto_links: int
    wrong_links: int
    items_paid: int
    items_auto: int

    def _pct(self, part: int, whole: int, per: int = 100) -> Decimal | None:
        if whole == 0:
            return None
        with decimal.localcontext(DIVISION):
            return (Decimal(per) * part / whole).normalize() + 0

    @property
    def payment_auto_rate(self) -> Decimal | None:
        """Percent of payments auto-applied (``None`` without payments)."""
        return self._pct(self.auto_applied, self.payments)

    @property
    def item_auto_rate(self) -> Decimal | None:
        """Percent of truly paid items whose true link was auto-applied."""
        return self._pct(self.items_auto, self.items_paid)

    @property
    def precision(self) -> Decimal | None:
        """Percent of posted links that are right (``None`` when nothing was posted)."""
        return self._pct(self.auto_links - self.wrong_links, self.auto_links)

    @property
    def wrong_links_per_1000(self) -> Decimal | None:
        """Wrong posted links per 1,000 posted links."""
        return self._pct(self.wrong_links, self.auto_links, per=1000)

    def as_dict(self) -> dict[str, object]:
        """Counts and rates as a plain dict (also ``to_record``, one row for ``to_frame``).

        Example:
            >>> from otccore.testing.scenarios import ScenarioScore
            >>> d = ScenarioScore(payments=10, auto_applied=9, exact_auto=9,
            ...                   auto_links=12, wrong_links=0, items_paid=11, items_auto=10).as_dict()
            >>> d["auto_applied"], d["payment_auto_rate"], d["wrong_links_per_1000"]
            (9, Decimal('90'), Decimal('0'))
        """
        return {
            **attrs.asdict(self),
            "payment_auto_rate": self.payment_auto_rate,
            "item_auto_rate": self.item_auto_rate,
            "precision": self.precision,
            "wrong_links_per_1000": self.wrong_links_per_1000,
        }

    to_record = as_dict  # one row for ``otccore.adapters.pandas.to_frame``

    def to_records(self) -> list[dict[str, object]]:
        """The score as a table of one row (:meth:`as_dict`)."""
        return [self.as_dict()]


ScenarioScore.__init__ = keyword_only(ScenarioScore.__init__)  # type: ignore[method-assign]


def score(result: ReconciliationResult, scenario: Scenario) -> ScenarioScore:
    """Compare ``result`` with ``scenario``'s truth.

    Example:
        >>> from otccore.matching import reconcile
        >>> from otccore.testing.scenarios import Noise, generate_scenario, score
        >>> sc = generate_scenario(payments=20, seed=3, noise=Noise.none())
        >>> s = score(reconcile(sc.payments, sc.items, customers=sc.customers,
        ...                     as_of=sc.as_of), sc)
        >>> s.payment_auto_rate, s.precision
        (Decimal('100'), Decimal('100'))
    """
    truth = scenario.truth
    auto_items: dict[str, set[str]] = {}
    for m in result.matches:
        if m.band is not Band.AUTO_APPLY:
            continue
        for a in m.allocations:
            if a.item_id is not None and a.payment_id is not None:
                auto_items.setdefault(a.payment_id, set()).add(a.item_id)
        for pid in m.payment_ids:
            auto_items.setdefault(pid, set())
    links = sum(len(v) for v in auto_items.values())
    wrong = sum(len(v - truth.get(PaymentId(pid), frozenset())) for pid, v in auto_items.items())
    exact = sum(1 for pid, v in auto_items.items() if v == set(truth.get(PaymentId(pid), ())))
    paid = {i for v in truth.values() for i in v}
    auto_right = {i for pid, v in auto_items.items() for i in v & truth.get(PaymentId(pid), set())}
    return ScenarioScore(
        payments=len(scenario.payments),
        auto_applied=len(auto_items),
        exact_auto=exact,
        auto_links=links,
        wrong_links=wrong,
        items_paid=len(paid),
        items_auto=len(auto_right),
    )


def _rf(n: int) -> str:
    body = f"{n:010d}"
    return "RF" + mod_97_10.calc_check_digits(body + "RF") + body


def generate_scenario(
    *,
    payments: int = 1000,
    seed: int = 0,
    noise: Noise | None = None,
    currency: str = "EUR",
    as_of: date = date(2026, 3, 31),
    open_per_payment: float = 1.4,
) -> Scenario:
    """A book of about ``payments × open_per_payment`` open items and ``payments`` payments.

    Deterministic for a given ``seed``.

    Example:
        >>> from otccore.testing.scenarios import generate_scenario
        >>> sc = generate_scenario(payments=50, seed=2)
        >>> len(sc.payments), len(sc.items) > 50
        (50, True)
    """
    rng = random.Random(seed)
    noise = noise if noise is not None else Noise()
    n_customers = max(2, payments // 8)
    customers = []
    for n in range(n_customers):
        name = f"{rng.choice(_FIRST)} {rng.choice(_SECOND)} {n} {rng.choice(_FORMS)}"
        customers.append(
            Customer.create(f"C{n:06d}", name, currency, bank_accounts=[f"XX00BANK{n:012d}"])
        )
    items: list[OpenItem] = []
    n_items = int(payments * open_per_payment) + 4
    last_amount: dict[str, int] = {}
    for n in range(n_items):
        cust = customers[rng.randrange(n_customers)]
        if cust.id in last_amount and rng.random() < noise.equal_amounts:
            units = last_amount[cust.id]
        else:
            units = rng.randint(20_00, 5_000_00)
            last_amount[cust.id] = units
        issued = as_of - timedelta(days=rng.randint(0, 75))
        discounts = (
            [DiscountTerm(until=issued + timedelta(days=10), percent=Decimal(2))]
            if rng.random() < 0.3
            else []
        )
        items.append(
            OpenItem.invoice(
                f"INV-{100000 + n}",
                cust.id,
                from_minor(units, currency),
                issue_date=issued,
                due_date=issued + timedelta(days=30),
                discounts=discounts,
                payment_reference=_rf(n + 1) if rng.random() < 0.5 else None,
            )
        )
    pays, truth = generate_payments(
        items, customers, rng=rng, noise=noise, as_of=as_of, count=payments
    )
    return Scenario(tuple(customers), tuple(items), tuple(pays), truth, as_of)


def _variant(name: str, rng: random.Random) -> str:
    words = name.split()
    roll = rng.random()
    if roll < 0.3:
        return name.upper()
    if roll < 0.55:
        return " ".join(words[:-1])  # legal form dropped
    if roll < 0.8:
        return " ".join(words[:-1]).lower() + " " + rng.choice(_FORMS).upper()
    # one typo in the first word
    first = words[0]
    k = rng.randrange(1, len(first))
    return " ".join([first[:k] + first[k + 1 :], *words[1:]])


def _typo(ref: str, rng: random.Random) -> str:
    digits = [n for n in range(len(ref) - 1) if ref[n].isdigit() and ref[n + 1].isdigit()]
    n = rng.choice(digits)
    return ref[:n] + ref[n + 1] + ref[n] + ref[n + 2 :] if ref[n] != ref[n + 1] else ref + "1"


def generate_payments(
    items: Sequence[OpenItem],
    customers: Iterable[Customer],
    *,
    rng: random.Random,
    noise: Noise | None = None,
    as_of: date,
    count: int | None = None,
    prefix: str = "PAY-",
) -> tuple[list[Payment], dict[PaymentId, frozenset[ItemId]]]:
    """A day of payments (value date ``as_of``) for open invoices of ``items``, with truth.

    Each item is paid at most once; ``count`` defaults to about 70 % of the open
    invoices. Returns the payments (sorted by id) and the truth.

    Example:
        >>> import random
        >>> from otccore.testing.scenarios import generate_payments, generate_scenario
        >>> sc = generate_scenario(payments=10, seed=4)
        >>> pays, truth = generate_payments(sc.items, sc.customers, rng=random.Random(1),
        ...                                 as_of=sc.as_of, count=3, prefix="X-")
        >>> [p.id for p in pays]
        ['X-0000000', 'X-0000001', 'X-0000002']
    """
    noise = noise if noise is not None else Noise()
    cust_by_id: dict[str, Customer] = {c.id: c for c in customers}
    ids = sorted(cust_by_id)
    pool: dict[str, list[OpenItem]] = {}
    for item in sorted(items, key=lambda i: i.id):
        if item.is_open and item.open.amount > 0 and item.issue_date <= as_of:
            pool.setdefault(item.customer_id, []).append(item)
    for lst in pool.values():
        rng.shuffle(lst)
    open_custs = sorted(pool)
    total_open = sum(len(v) for v in pool.values())
    target = count if count is not None else int(total_open * 0.7)
    payments: list[Payment] = []
    truth: dict[PaymentId, frozenset[ItemId]] = {}
    seq = 0

    def take(cid: str) -> OpenItem | None:
        lst = pool.get(cid)
        return lst.pop() if lst else None

    while len(payments) < target and open_custs:
        cid = open_custs[rng.randrange(len(open_custs))]
        if not pool.get(cid):
            open_custs.remove(cid)
            continue
        cust = cust_by_id.get(cid)
        first = take(cid)
        assert first is not None
        chosen = [first]
        roll = rng.random()
        kind = "single"
        edges = [
            ("combined", noise.combined),
            ("split", noise.split),
            ("short_pay", noise.short_pay),
            ("small_difference", noise.small_difference),
            ("discount_taken", noise.discount_taken),
            ("bank_fee", noise.bank_fee),
            ("overpayment", noise.overpayment),
            ("remittance", noise.remittance),
        ]
        acc = 0.0
        for name, p in edges:
            acc += p
            if roll < acc:
                kind = name
                break
        if kind == "combined":
            for _ in range(rng.randint(1, 3)):
                extra = take(cid)
                if extra is not None:
                    chosen.append(extra)
        total = sum(to_minor(i.open) for i in chosen)
        cur = first.currency
        amounts = [total]
        lines: list[RemittanceLine] = []
        if kind == "split" and total > 2_00:
            part = rng.randint(total // 4, 3 * total // 4)
            amounts = [part, total - part]
        elif kind == "short_pay":
            amounts = [max(1, total - max(total // 5, 50_00))]
        elif kind == "small_difference":
            amounts = [total - rng.randint(1, min(4_00, max(1, total // 250)))]
        elif kind == "discount_taken":
            disc = sum(to_minor(i.discount_on(as_of)) for i in chosen)
            amounts = [total - disc]
        elif kind == "bank_fee":
            # banks charge a flat fee, and a fee above 1 % of the amount is not one
            # (MatchConfig.bank_fee_percent): smaller transfers arrive in full
            fees = [fee for fee in (7_50, 12_00, 15_00, 25_00) if 100 * fee <= total]
            amounts = [total - rng.choice(fees)] if fees else [total]
        elif kind == "overpayment":
            amounts = [total + rng.randint(1_00, 50_00)]
        elif kind == "remittance":
            lines = [RemittanceLine.create(i.number, i.open) for i in chosen]
        # how the payment describes itself
        missing = rng.random() < noise.missing_reference
        mistyped = not missing and rng.random() < noise.mistyped_reference
        structured = rng.random() < noise.structured_reference
        refs: list[str] = []
        for item in chosen:
            if structured and item.payment_reference:
                ref = item.payment_reference
            else:
                ref = rng.choice(
                    (item.number, item.number.replace("-", " "), "Invoice " + item.number[4:])
                )
            if mistyped:
                ref = _typo(ref, rng)
            refs.append(ref)
        text = "" if missing else "Payment " + " ".join(refs)
        account = cust.bank_accounts[0] if cust and cust.bank_accounts else ""
        name = cust.name if cust else ""
        if rng.random() < noise.unknown_account:
            account = f"ZZ99UNKNOWN{rng.randrange(10**9):09d}"
        if rng.random() < noise.payer_name_variant and name:
            name = _variant(name, rng)
        if rng.random() < noise.wrong_customer and len(ids) > 1:
            other = cust_by_id[ids[rng.randrange(len(ids))]]
            account = other.bank_accounts[0] if other.bank_accounts else account
            name = other.name
        for units in amounts:
            if units <= 0:
                continue
            pid = PaymentId(f"{prefix}{seq:07d}")
            seq += 1
            payments.append(
                Payment.create(
                    pid,
                    from_minor(units, cur),
                    value_date=as_of,
                    payer_name=name,
                    payer_account=account,
                    remittance_text=text,
                    remittance=lines,
                )
            )
            truth[pid] = frozenset(i.id for i in chosen)
    payments.sort(key=lambda p: p.id)
    return payments, truth
