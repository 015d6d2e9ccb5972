"""Match quality on the generator's default noise (fixed seed, moderate size)."""

from decimal import Decimal

from otccore.matching import reconcile
from otccore.testing.scenarios import Noise, generate_scenario, score


def test_default_noise_meets_the_targets():
    sc = generate_scenario(payments=2000, seed=20260401)
    result = reconcile(sc.payments, sc.items, customers=sc.customers, as_of=sc.as_of)
    s = score(result, sc)
    # figures at this seed: payment-level 95.9 %, item-level 96.05 %, precision 100 %
    assert s.payment_auto_rate >= Decimal(90), s.as_dict()
    assert s.precision >= Decimal("99.9"), s.as_dict()
    assert s.item_auto_rate >= Decimal(90), s.as_dict()


def test_clean_data_is_fully_posted():
    sc = generate_scenario(payments=300, seed=5, noise=Noise.none())
    s = score(reconcile(sc.payments, sc.items, customers=sc.customers, as_of=sc.as_of), sc)
    assert s.payment_auto_rate == Decimal(100)
    assert s.wrong_links == 0


def test_heavy_noise_keeps_precision():
    sc = generate_scenario(payments=1000, seed=6, noise=Noise.heavy())
    s = score(reconcile(sc.payments, sc.items, customers=sc.customers, as_of=sc.as_of), sc)
    assert s.precision >= Decimal("99.5"), s.as_dict()
    assert s.payment_auto_rate < Decimal(100)


def test_scorer_counts_wrong_links():
    sc = generate_scenario(payments=20, seed=8, noise=Noise.none())
    result = reconcile(sc.payments, sc.items, customers=sc.customers, as_of=sc.as_of)
    swapped = dict(sc.truth)
    first = sorted(swapped)[0]
    swapped[first] = frozenset({"NOT-IT"})
    import attrs

    s = score(result, attrs.evolve(sc, truth=swapped))
    assert s.wrong_links >= 1
    assert s.precision < Decimal(100)
