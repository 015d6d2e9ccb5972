import inspect

import otccore.risk

EXPECTED = [
    "CREDITREFORM_SCALE",
    "CREDITSAFE_SCALE",
    "DEFAULT_INDEX_POINTS",
    "MISSING",
    "NIGRINI_MAD_BANDS",
    "PAYDEX_SCALE",
    "AltmanModel",
    "AltmanResult",
    "BankDetailsChange",
    "BenfordDigit",
    "BenfordResult",
    "BenfordTest",
    "Binning",
    "Conformity",
    "Contribution",
    "Direction",
    "Document",
    "ExternalRating",
    "FeatureKind",
    "FinancialStatement",
    "Finding",
    "IvBand",
    "OhlsonResult",
    "PaymentBehaviour",
    "RatingClass",
    "RatingScale",
    "Refund",
    "Scaling",
    "ScoreResult",
    "Scorecard",
    "ScorecardFeature",
    "Trend",
    "UnknownPolicy",
    "WoeBin",
    "WoeConvention",
    "WoeTable",
    "Zone",
    "altman_z",
    "altman_z_many",
    "benford",
    "benford_expected",
    "bin_categorical",
    "bin_numeric",
    "exact_duplicates",
    "fit_scorecard",
    "iv_band",
    "near_duplicate_numbers",
    "new_payer_accounts",
    "ohlson_o",
    "order_spikes",
    "paid_items",
    "paydex_like",
    "payment_behaviour",
    "refunds_to_changed_accounts",
    "relative_size_factor",
    "round_numbers",
    "same_same_different",
    "same_same_same",
    "woe_from_data",
    "woe_table",
]


def test_all_is_pinned():
    assert otccore.risk.__all__ == EXPECTED


def test_every_name_exists_and_is_documented():
    for name in EXPECTED:
        obj = getattr(otccore.risk, name)
        if callable(obj) or isinstance(obj, type):
            assert obj.__doc__, name
            assert "Example" in obj.__doc__, name


def _public_members(cls):
    """Methods, class and static methods and properties a class defines itself."""
    for attr, value in vars(cls).items():
        if attr.startswith("_"):
            continue
        if isinstance(value, classmethod | staticmethod):
            value = value.__func__
        if isinstance(value, property) or inspect.isfunction(value):
            yield attr, value


def test_every_public_method_and_property_has_an_example():
    import otccore.adapters.pandas
    import otccore.adapters.plot

    missing = []
    for name in EXPECTED:
        obj = getattr(otccore.risk, name)
        if inspect.isclass(obj):
            missing += [
                f"{name}.{attr}"
                for attr, member in _public_members(obj)
                if "Example:" not in (member.__doc__ or "")
            ]
        elif callable(obj) and "Example:" not in (obj.__doc__ or ""):
            missing.append(name)
    for module in (otccore.adapters.pandas, otccore.adapters.plot):
        missing += [
            f"{module.__name__}.{name}"
            for name in module.__all__
            if "Example:" not in (getattr(module, name).__doc__ or "")
        ]
    assert missing == []


def test_the_method_check_sees_methods():
    members = dict(_public_members(otccore.risk.Scorecard))
    assert {"score", "score_batch", "from_json", "to_frame", "min_score", "example"} <= set(members)
    assert "bin_index" in dict(_public_members(otccore.risk.Binning))


def test_domain_imports_without_pandas_or_numpy():
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pandas'] = None; sys.modules['numpy'] = None; "
        "sys.modules['sklearn'] = None; sys.modules['matplotlib'] = None\n"
        "import otccore.risk as r\n"
        "card = r.Scorecard.example()\n"
        "print(card.score_batch({'utilisation': [0.3], 'days_late': [0]}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[618.89]"
