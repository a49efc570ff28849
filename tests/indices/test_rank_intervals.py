import numpy as np

from healthassets.indices.rank_intervals import Z95, rank_intervals, simulate


def test_values_with_a_ci_are_drawn_around_the_value_with_its_standard_error() -> None:
    rng = np.random.default_rng(1)
    value, lower, upper = np.array([10.0]), np.array([8.0]), np.array([12.0])
    drawn, simulated = simulate(value, lower, upper, np.array([np.nan]), 20_000, rng)
    assert simulated.tolist() == [True]
    assert abs(drawn.mean() - 10) < 0.05 and abs(drawn.std() - 2 / Z95) < 0.03


def test_counts_are_drawn_as_poisson_and_scaled_to_the_rate() -> None:
    rng = np.random.default_rng(2)
    nan = np.array([np.nan, np.nan, np.nan])
    value, count = np.array([2.0, 0.0, 5.0]), np.array([4.0, 0.0, np.nan])
    drawn, simulated = simulate(value, nan, nan, count, 10_000, rng)
    assert simulated.tolist() == [True, False, False]  # a zero count stays zero; no count: fixed
    assert abs(drawn[:, 0].mean() - 2.0) < 0.05 and np.allclose(drawn[:, 0] / 0.5 % 1, 0)
    assert (drawn[:, 1] == 0).all() and (drawn[:, 2] == 5).all()


def test_fixed_values_keep_their_rank_and_uncertain_ones_get_an_interval() -> None:
    rng = np.random.default_rng(3)
    value = np.array([100.0, 50.0, 49.0, 1.0, np.nan])
    lower = np.array([np.nan, 40.0, 39.0, np.nan, np.nan])
    upper = np.array([np.nan, 60.0, 59.0, np.nan, np.nan])
    drawn, simulated = simulate(value, lower, upper, np.full(5, np.nan), 2_000, rng)
    intervals = rank_intervals(drawn, +1, simulated)
    assert intervals.lower[0] == intervals.upper[0] == 1 and intervals.lower[3] == intervals.upper[3] == 4
    assert (intervals.lower[1], intervals.upper[1]) == (2, 3) == (intervals.lower[2], intervals.upper[2])
    assert np.isnan(intervals.median[4])


def test_direction_turns_the_ranks_round() -> None:
    drawn = np.array([[1.0, 2.0, 3.0]])
    assert rank_intervals(drawn, -1, np.zeros(3, bool)).median.tolist() == [1, 2, 3]
    assert rank_intervals(drawn, +1, np.zeros(3, bool)).median.tolist() == [3, 2, 1]
