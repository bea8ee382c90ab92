"""Between- and within-therapist alliance effects on a data set built so the answer is known.

Bad inputs for every stats function are in one table, ``tests/test_stats_bad_inputs.py``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from alliance.stats import decompose_by_therapist, therapist_effects


def _known_answer_data() -> pd.DataFrame:
    """4 therapists × 3 clients, outcome = 10 + 2·(therapist mean) + .5·(deviation) + noise.

    Therapist mean alliances are 3, 4, 5, 6 and each therapist's clients sit at −1, 0, +1 around
    that mean. The therapist-level noise (+1, −1, −1, +1) is uncorrelated with the therapist means
    and the client-level noise (1, −2, 1)·k sums to zero within each therapist and is uncorrelated
    with the deviations. In a balanced design the mixed-model estimates then equal the two
    least-squares slopes, which are exactly 2 (between) and .5 (within).
    """
    rows = []
    for j, (mean, u) in enumerate(zip([3, 4, 5, 6], [1, -1, -1, 1], strict=True)):
        for dev, e in zip([-1, 0, 1], [1, -2, 1], strict=True):
            rows.append(
                {
                    "therapist": f"T{j + 1}",
                    "alliance": mean + dev,
                    "outcome": 10 + 2 * mean + 0.5 * dev + u + e * 0.3 * (j + 1),
                }
            )
    return pd.DataFrame(rows)


def test_known_between_and_within_slopes():
    res = therapist_effects(_known_answer_data(), "outcome", "alliance", "therapist")
    assert res.between == pytest.approx(2.0, abs=1e-6)
    assert res.within == pytest.approx(0.5, abs=1e-6)
    assert res.contextual == pytest.approx(1.5, abs=1e-6)
    assert res.n_clients == 12 and res.n_therapists == 4
    assert res.between_ci[0] < 2.0 < res.between_ci[1]
    assert res.within_se > 0 and 0 <= res.within_p <= 1


def test_covariate_is_accepted_and_rows_with_gaps_dropped():
    data = _known_answer_data()
    data["pre"] = [5.0, 3, 4, 6, 2, 5, 3, 4, 6, 5, 4, 3]
    data.loc[len(data)] = {"therapist": "T1", "alliance": None, "outcome": 20.0, "pre": 4.0}
    res = therapist_effects(data, "outcome", "alliance", "therapist", covariates=["pre"])
    assert res.n_clients == 12


@pytest.mark.parametrize("scale", [1e-9, 1e6])
def test_small_or_large_alliance_units_are_not_mistaken_for_no_variation(scale):
    # The "constant within therapists" check is relative to the data's scale: alliance in tiny
    # or huge units is still real variation, and the slopes rescale by 1/scale.
    data = _known_answer_data()
    data["alliance"] = data["alliance"] * scale
    res = therapist_effects(data, "outcome", "alliance", "therapist")
    assert res.between * scale == pytest.approx(2.0, rel=1e-5)
    assert res.within * scale == pytest.approx(0.5, rel=1e-5)


def test_decompose_by_therapist_by_hand():
    data = pd.DataFrame({"t": ["A", "A", "B", "B", "B"], "wai": [1.0, 3.0, 4.0, 5.0, 6.0]})
    parts = decompose_by_therapist(data, "wai", "t")
    assert parts["wai_between"].tolist() == [2.0, 2.0, 5.0, 5.0, 5.0]
    assert parts["wai_within"].tolist() == [-1.0, 1.0, -1.0, 0.0, 1.0]
