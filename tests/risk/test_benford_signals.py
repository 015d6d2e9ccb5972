import decimal
import math
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.errors import DuplicateId, InvalidAmount, InvalidInput
from otccore.money import money
from otccore.receivables import Customer, Payment
from otccore.risk import (
    BankDetailsChange,
    BenfordTest,
    Conformity,
    Document,
    Refund,
    benford,
    benford_expected,
    exact_duplicates,
    near_duplicate_numbers,
    new_payer_accounts,
    order_spikes,
    refunds_to_changed_accounts,
    relative_size_factor,
    round_numbers,
    same_same_different,
    same_same_same,
)
from otccore.risk.benford import _gamma_q


def benford_amounts(n, seed=1):
    rnd = random.Random(seed)
    # 10^U with U uniform is Benford-distributed; keep cents exact as Decimal
    return [Decimal(10 ** rnd.uniform(1, 6)).quantize(Decimal("0.01")) for _ in range(n)]


def test_expected_shares():
    first = benford_expected("first")
    assert first[1] == pytest.approx(0.30103, abs=1e-5)
    assert first[9] == pytest.approx(0.04576, abs=1e-5)
    second = benford_expected("second")
    assert second[0] == pytest.approx(0.11968, abs=1e-5)
    assert second[9] == pytest.approx(0.08500, abs=1e-5)
    two = benford_expected("first_two")
    assert two[10] == pytest.approx(math.log10(1.1))
    for test in BenfordTest:
        assert math.fsum(benford_expected(test).values()) == pytest.approx(1.0)


def test_z_with_continuity_correction_by_hand():
    # 100 amounts, 40 start with 1: p̂ = 0.4, p = 0.30103
    amounts = [123] * 40 + [234] * 20 + [345] * 15 + [456] * 10 + [567] * 15
    r = benford(amounts, min_records=0)
    one = r.digits[0]
    p = math.log10(2)
    expected_z = (abs(0.4 - p) - 1 / 200) / math.sqrt(p * (1 - p) / 100)
    assert one.z == pytest.approx(expected_z)  # ≈ 2.0486
    assert one.z == pytest.approx(2.0486, abs=1e-4)
    assert one.flagged
    # a digit whose deviation is smaller than the correction keeps the plain deviation
    assert r.mad == pytest.approx(sum(abs(d.observed - d.expected) for d in r.digits) / 9)
    chi2 = sum((d.count - 100 * d.expected) ** 2 / (100 * d.expected) for d in r.digits)
    assert r.chi2 == pytest.approx(chi2)
    assert r.dof == 8


def test_chi2_p_value():
    assert _gamma_q(4, 15.507 / 2) == pytest.approx(0.05, abs=2e-4)
    assert _gamma_q(4.5, 16.919 / 2) == pytest.approx(0.05, abs=2e-4)
    assert _gamma_q(44.5, 112.022 / 2) == pytest.approx(0.05, abs=2e-4)
    assert _gamma_q(4, 0.5) == pytest.approx(0.99825, abs=1e-5)  # P(χ²₈ > 1)


def test_conforming_data_is_close_and_no_warning():
    for test in BenfordTest:
        r = benford(benford_amounts(20_000), test=test)
        assert r.conformity in (Conformity.CLOSE, Conformity.ACCEPTABLE), (test, r.mad)
        assert r.warnings == ()
        assert r.p_value > 0.001


def test_mad_bands_are_nigrinis_and_parameters():
    amounts = benford_amounts(3000)
    r = benford(amounts)
    assert r.conformity is Conformity.CLOSE
    strict = benford(amounts, mad_bands={"first": (0.0001, 0.0002, 0.0003)})
    assert strict.conformity is Conformity.NONCONFORMING
    assert strict.findings[0].code == "nonconforming"
    with pytest.raises(InvalidInput, match="three increasing"):
        benford(amounts, mad_bands={"first": (0.3, 0.2, 0.1)})


def test_fabricated_amounts_are_flagged():
    amounts = [Decimal(random.Random(i).randint(5000, 9999)) for i in range(2000)]
    r = benford(amounts)
    assert r.conformity is Conformity.NONCONFORMING
    codes = {(f.code, f.subjects) for f in r.findings}
    assert ("digit_excess", ("9",)) in codes
    assert ("digit_shortfall", ("1",)) in codes


def test_small_samples_warn_and_exclusions_counted():
    r = benford([money("12.00", "EUR"), 250, Decimal("9.99"), -40, 0, 7])
    assert r.n == 2
    assert r.excluded == 4
    assert "only 2 records" in r.warnings[0]
    r_abs = benford([250, -40], negative="abs", min_records=2)
    assert r_abs.n == 2
    assert r_abs.warnings == ()
    two = benford([Decimal("12.5"), 120, 1205, Decimal("1E+3")], test="first_two")
    assert {d.digit: d.count for d in two.digits if d.count} == {12: 3, 10: 1}
    second = benford([100, 123, Decimal("1.5E+3")], test="second", min_amount=1)
    assert {d.digit: d.count for d in second.digits if d.count} == {0: 1, 2: 1, 5: 1}


def test_benford_bad_input():
    with pytest.raises(InvalidAmount, match="float"):
        benford([100, 12.5])
    with pytest.raises(InvalidAmount, match="bool"):
        benford([True])
    with pytest.raises(InvalidAmount, match="finite"):
        benford([Decimal("NaN")])
    with pytest.raises(InvalidInput, match="no amounts left"):
        benford([1, 2, 3])
    with pytest.raises(InvalidInput, match="unknown Benford test"):
        benford([100], test="third")


@settings(max_examples=30)
@given(st.lists(st.integers(10, 10**9), min_size=1, max_size=200), st.randoms())
def test_benford_is_order_independent(amounts, rnd):
    shuffled = amounts[:]
    rnd.shuffle(shuffled)
    assert benford(amounts) == benford(shuffled)


D = date(2026, 1, 5)


def docs():
    return [
        ("1", "C1", "INV-100", 500, D),
        ("2", "C1", "INV-100", 500, date(2026, 1, 9)),
        ("3", "C2", "INV-100", 500, D),
        ("4", "C1", "INV-101", 500, D),
        ("5", "C1", "INV-110", 75, D),
        ("6", "C3", "X-9", money("1234.56", "EUR"), D),
    ]


def test_duplicates():
    exact = exact_duplicates(docs())
    assert [(f.code, f.customer_id, f.subjects) for f in exact] == [
        ("exact_duplicate", "C1", ("1", "2"))
    ]
    sss = same_same_same(docs())
    assert [f.subjects for f in sss] == [("1", "4")]  # same customer, amount and date
    ssd = same_same_different(docs())
    assert [f.subjects for f in ssd] == [("1", "2", "3")]
    assert ssd[0].details["customer_id"] == ("C1", "C2")
    by_date = same_same_different(docs(), same=("customer_id", "amount"), different="document_date")
    assert [f.subjects for f in by_date] == [("1", "2", "4")]
    with pytest.raises(InvalidInput, match="also in same"):
        same_same_different(docs(), same=("customer_id",), different="customer_id")
    with pytest.raises(InvalidInput, match="fields among"):
        same_same_same(docs(), fields=("vendor",))


def test_near_duplicate_numbers():
    found = near_duplicate_numbers(docs())
    pairs = {(f.code, f.subjects) for f in found}
    assert ("one_edit", ("1", "4")) in pairs  # INV-100 / INV-101
    assert ("transposed", ("4", "5")) in pairs  # INV-101 / INV-110
    assert all(f.customer_id == "C1" for f in found)
    assert near_duplicate_numbers(docs(), same_amount=True) == tuple(
        f for f in found if "5" not in f.subjects
    )
    assert not near_duplicate_numbers([("a", "C", "AB12", 1, D), ("b", "C", "AB1234", 1, D)])
    assert (
        near_duplicate_numbers([("a", "C", "ab12", 1, D), ("b", "C", "AB12X", 1, D)])[0].code
        == "one_edit"
    )


def test_round_numbers_and_rsf():
    rows = [(str(i), "C1", f"N{i}", 1000 if i < 3 else 137 + i, D) for i in range(10)]
    found = round_numbers(rows)
    assert [(f.code, f.details["share"]) for f in found] == [
        ("round_100", Decimal("0.3")),
        ("round_1000", Decimal("0.3")),
    ]
    assert round_numbers(rows, multiples={100: Decimal("0.5")}) == ()
    assert round_numbers(rows, min_count=11) == ()
    rsf = relative_size_factor([*rows, ("x", "C1", "BIG", 20000, D)])
    assert rsf[0].details["rsf"] == Decimal(20)
    assert relative_size_factor([*rows, ("x", "C1", "BIG", 20000, D)], threshold=25) == ()


def test_order_spikes():
    rows = [
        (f"o{i}", "C1", f"O{i}", a, date(2026, 1, 1 + i)) for i, a in enumerate([100, 120, 80, 110])
    ]
    rows.append(("big", "C1", "O9", 400, date(2026, 2, 1)))
    rows.append(("same_day", "C1", "O10", 400, date(2026, 1, 1)))  # no earlier history
    found = order_spikes(rows)
    # history of "big": 100, 120, 80, 110, 400 → median 110; 400 / 110 > 3 (40 digits, CTX)
    assert [(f.subjects, f.details["ratio"], f.details["median"]) for f in found] == [
        (("big",), Decimal("3.636363636363636363636363636363636363636"), Decimal("110"))
    ]
    assert order_spikes(rows, multiple=4) == ()
    assert order_spikes(rows, min_history=6) == ()
    assert order_spikes(rows, lookback_days=5) == ()
    early = [(f"e{i}", "C1", f"E{i}", a, date(1, 1, 1 + i)) for i, a in enumerate([5, 5, 5, 50])]
    assert [f.subjects for f in order_spikes(early)] == [("e3",)]  # no overflow at date.min


def test_new_payer_accounts():
    c1 = Customer.create("C1", "Acme", "EUR", bank_accounts=["DE11"])
    c2 = Customer.create("C2", "Beta", "EUR")

    def pay(pid, day, account, customer):
        return Payment.create(
            pid,
            money(10, "EUR"),
            value_date=date(2026, 1, day),
            payer_account=account,
            customer_id=customer,
        )

    payments = [
        pay("P3", 3, "GB22", "C1"),
        pay("P1", 1, "DE11", "C1"),
        pay("P4", 4, "GB22", "C1"),  # seen since P3
        pay("P5", 2, "FR33", "C2"),  # C2 has no known account: first is learnt
        pay("P6", 6, "IT44", "C2"),
    ]
    found = new_payer_accounts(payments, customers=[c1, c2])
    assert [(f.customer_id, f.subjects) for f in found] == [("C1", ("P3",)), ("C2", ("P6",))]
    flagged_first = new_payer_accounts(payments, customers=[c1, c2], flag_first=True)
    assert ("C2", ("P5",)) in [(f.customer_id, f.subjects) for f in flagged_first]
    assert new_payer_accounts(list(reversed(payments)), customers=[c2, c1]) == found


def test_refunds_to_changed_accounts():
    refunds = [
        Refund.create(
            "R1", customer_id="C1", account="GB22", amount=50, refund_date=date(2026, 3, 1)
        ),
        Refund.create(
            "R2", customer_id="C1", account="DE11", amount=50, refund_date=date(2026, 3, 1)
        ),
        Refund.create(
            "R3",
            customer_id="C2",
            account="FR33",
            amount=money(5, "EUR"),
            refund_date=date(2026, 5, 1),
        ),
    ]
    changes = [
        BankDetailsChange.create("C1", account="GB22", change_date=date(2026, 2, 20)),
        BankDetailsChange.create("C2", account="FR33", change_date=date(2026, 1, 1)),
    ]
    found = refunds_to_changed_accounts(refunds, changes)
    assert [(f.subjects, f.details["days_since_change"]) for f in found] == [(("R1",), 9)]
    any_account = refunds_to_changed_accounts(refunds, changes, same_account_only=False)
    assert [f.subjects for f in any_account] == [("R1",), ("R2",)]
    assert [f.subjects for f in refunds_to_changed_accounts(refunds, changes, days=200)] == [
        ("R1",),
        ("R3",),
    ]
    assert refunds_to_changed_accounts(refunds, changes, days=8) == ()


def test_signals_refuse_floats_and_bad_records():
    with pytest.raises(InvalidAmount, match="float"):
        exact_duplicates([("1", "C1", "N", 10.5, D)])
    with pytest.raises(InvalidAmount):
        Refund.create("R", customer_id="C", account="DE", amount=1.5, refund_date=D)
    with pytest.raises(DuplicateId, match="'1' appears twice"):
        exact_duplicates([("1", "C1", "N", 10, D), ("1", "C1", "N", 10, D)])
    with pytest.raises(
        InvalidInput,
        match=r"document must be \(id, customer_id, number, amount, document_date\) or a mapping",
    ):
        round_numbers([("1", "C1")])
    with pytest.raises(InvalidInput, match="document is missing 'document_date'"):
        round_numbers([{"id": "1", "customer_id": "C1", "number": "N", "amount": 5}])
    with pytest.raises(InvalidInput, match="date"):
        Document.create("1", customer_id="C1", number="N", amount=5, document_date="2026-01-01")
    assert (
        Document.of(
            {"id": "1", "customer_id": "C", "number": "N", "amount": 5, "document_date": D}
        ).amount
        == 5
    )


@given(st.permutations(list(range(6))))
def test_signals_are_order_independent(order):
    rows = [docs()[i] for i in order]
    assert exact_duplicates(rows) == exact_duplicates(docs())
    assert same_same_different(rows) == same_same_different(docs())
    assert near_duplicate_numbers(rows) == near_duplicate_numbers(docs())


# ----- blocked and windowed signals agree with brute force ------------------------------


def _one_edit_variants(x, alphabet):
    deletions = {x[:i] + x[i + 1 :] for i in range(len(x))}
    insertions = {x[:i] + c + x[i:] for i in range(len(x) + 1) for c in alphabet}
    substitutions = {x[:i] + c + x[i + 1 :] for i in range(len(x)) for c in alphabet}
    return (deletions | insertions | substitutions) - {x}


def _transpositions(x):
    return {x[:i] + x[i + 1] + x[i] + x[i + 2 :] for i in range(len(x) - 1)} - {x}


def _near_duplicates_brute_force(rows, same_amount, case_sensitive):
    """Every pair of a party's documents, judged by generating all one-edit variants."""
    docs = sorted(rows, key=lambda r: r[0])
    found = []
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            if a[1] != b[1] or (same_amount and a[3] != b[3]):
                continue
            x, y = (a[2], b[2]) if case_sensitive else (a[2].upper(), b[2].upper())
            alphabet = set(x + y)
            kind = (
                "one_edit"
                if y in _one_edit_variants(x, alphabet)
                else "transposed"
                if y in _transpositions(x)
                else None
            )
            if kind:
                found.append((a[1], (a[0], b[0]), kind, (a[2], b[2])))
    return sorted(found)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["C1", "C2"]),
            st.text(alphabet="aAb1", min_size=1, max_size=5),
            st.integers(1, 2),
        ),
        max_size=25,
    ),
    st.booleans(),
    st.booleans(),
    st.randoms(use_true_random=False),
)
def test_near_duplicate_numbers_equal_brute_force(cells, same_amount, case_sensitive, rnd):
    rows = [
        (f"d{i:02d}", party, number, amount, D) for i, (party, number, amount) in enumerate(cells)
    ]
    found = near_duplicate_numbers(rows, same_amount=same_amount, case_sensitive=case_sensitive)
    assert [
        (f.customer_id, f.subjects, f.code, f.details["numbers"]) for f in found
    ] == _near_duplicates_brute_force(rows, same_amount, case_sensitive)
    rnd.shuffle(rows)
    assert near_duplicate_numbers(rows, same_amount=same_amount, case_sensitive=case_sensitive) == (
        found
    )


def _order_spikes_brute_force(rows, multiple, min_history, lookback_days):
    """The original algorithm: each order's history filtered from the whole party."""
    by_party = {}
    for r in sorted(rows):
        by_party.setdefault(r[1], []).append(r)
    out = []
    for party in sorted(by_party):
        group = sorted(by_party[party], key=lambda r: (r[4], r[0]))
        for order in group:
            start = order[4] - timedelta(days=lookback_days) if lookback_days else date.min
            history = sorted(Decimal(r[3]) for r in group if start <= r[4] < order[4])
            if len(history) < min_history:
                continue
            mid = len(history) // 2
            median = history[mid] if len(history) % 2 else (history[mid - 1] + history[mid]) / 2
            if median > 0 and order[3] > Decimal(str(multiple)) * median:
                with decimal.localcontext(prec=40):  # the precision of otccore.risk
                    out.append((order[0], median, len(history), order[3] / median))
    return out


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["C1", "C2"]), st.integers(0, 60), st.integers(-50, 900)),
        max_size=40,
    ),
    st.sampled_from([1, "1.5", 3]),
    st.integers(1, 4),
    st.sampled_from([None, 1, 7, 30]),
    st.randoms(use_true_random=False),
)
def test_order_spikes_equal_brute_force(cells, multiple, min_history, lookback_days, rnd):
    rows = [
        (f"o{i:02d}", party, f"N{i}", amount, D + timedelta(days=day))
        for i, (party, day, amount) in enumerate(cells)
    ]
    factor = Decimal(multiple) if isinstance(multiple, str) else multiple
    found = order_spikes(
        rows, multiple=factor, min_history=min_history, lookback_days=lookback_days
    )
    expected = _order_spikes_brute_force(rows, multiple, min_history, lookback_days)
    assert [
        (f.subjects[0], f.details["median"], f.details["history"], f.details["ratio"])
        for f in found
    ] == expected
    rnd.shuffle(rows)
    assert (
        order_spikes(rows, multiple=factor, min_history=min_history, lookback_days=lookback_days)
        == found
    )
