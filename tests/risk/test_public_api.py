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
    "Findings",
    "IvBand",
    "MissingValues",
    "Monotonic",
    "NegativeAmounts",
    "OddsConvention",
    "OhlsonResult",
    "PaymentBehaviour",
    "RatingClass",
    "RatingScale",
    "Refund",
    "Scaling",
    "ScoreResult",
    "Scorecard",
    "ScorecardFeature",
    "ScoringEngine",
    "SignalCode",
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
