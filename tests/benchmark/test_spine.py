import numpy as np
import pandas as pd
import pytest

from healthassets.benchmark.spine import (
    domain_scores,
    percentile_among,
    percentile_ranks,
    position_on_spine,
    spine_positions,
    spine_summary,
)

KEYS = ["indicator_id"]


def peers_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": [1] * 5 + [2] * 5 + [3] * 2,
            "area_code": list("abcde") * 2 + ["a", "b"],
            "value": [10.0, 20, 30, 40, 50, 1, 2, 3, 4, np.nan, 5, 6],
        }
    )


def test_summary_quartiles() -> None:
    summary = spine_summary(peers_frame(), KEYS).set_index("indicator_id")
    assert summary.loc[1, "lowest"] == 10 and summary.loc[1, "highest"] == 50
    assert summary.loc[1, "q25"] == 20 and summary.loc[1, "q75"] == 40
    assert summary.loc[2, "peers"] == 4


def test_positions_put_comparator_centre_and_worst_left() -> None:
    summary = spine_summary(peers_frame(), KEYS)
    polarity = pd.Series(["High is good", "Low is good", "No judgement"])
    spine = spine_positions(summary, pd.Series([20.0, 2.0, 5.5]), polarity)
    # indicator 1: centre 20, half-width 30 → 10 at 1/3, 50 at 1
    assert spine.loc[0, "lowest_pos"] == pytest.approx(0.5 - 10 / 60)
    assert spine.loc[0, "highest_pos"] == pytest.approx(1.0)
    # low is good: the highest (worst) value is drawn on the left
    assert spine.loc[1, "highest_pos"] < spine.loc[1, "lowest_pos"]
    assert position_on_spine(pd.Series([20.0, 2.0, 5.5]), spine) == pytest.approx([0.5, 0.5, 0.5])


def test_percentiles_follow_polarity_and_average_fifty() -> None:
    peers = peers_frame()
    polarity = peers["indicator_id"].map({1: "High is good", 2: "Low is good", 3: "No judgement"})
    ranks = percentile_ranks(peers, KEYS, polarity)
    first = ranks[peers["indicator_id"] == 1].to_numpy()
    assert first == pytest.approx([10, 30, 50, 70, 90])
    second = ranks[(peers["indicator_id"] == 2) & peers["value"].notna()].to_numpy()
    assert second == pytest.approx([87.5, 62.5, 37.5, 12.5])  # low is good: lowest best
    assert ranks[peers["indicator_id"] == 3].isna().all()


def test_percentile_of_outside_point() -> None:
    peers = peers_frame()
    points = pd.DataFrame({"indicator_id": [1, 2, 3], "value": [35.0, 2.0, 5.0]})
    score = percentile_among(points, peers, KEYS, pd.Series(["High is good", "Low is good", "No judgement"]))
    assert score.iloc[0] == pytest.approx(60.0)  # 3 of 5 below
    assert score.iloc[1] == pytest.approx(100 * (2 + 0.5) / 4)  # 3 and 4 worse, 2 equal
    assert np.isnan(score.iloc[2])


def test_domain_scores_mean_of_ranks() -> None:
    ranks = pd.DataFrame({"indicator_id": [1, 2, 3], "percentile": [80.0, 40.0, np.nan]})
    scores = domain_scores(ranks, pd.Series({1: "A", 2: "A", 3: "B"})).set_index("domain")
    assert scores.loc["A", "score"] == pytest.approx(60.0)
    assert "B" not in scores.index
