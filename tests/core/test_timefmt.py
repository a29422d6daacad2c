"""Clock text: m:ss with the rounding each use asks for."""

from __future__ import annotations

import pytest

from backcoach.core.timefmt import Rounding, clock_text


@pytest.mark.parametrize(
    ("seconds", "up", "down", "nearest"),
    [
        (0.0, "0:00", "0:00", "0:00"),
        (0.4, "0:01", "0:00", "0:00"),
        (0.5, "0:01", "0:00", "0:01"),
        (1.5, "0:02", "0:01", "0:02"),
        (2.5, "0:03", "0:02", "0:03"),
        (59.4, "1:00", "0:59", "0:59"),
        (59.5, "1:00", "0:59", "1:00"),
        (60.0, "1:00", "1:00", "1:00"),
        (60.2, "1:01", "1:00", "1:00"),
        (65.0, "1:05", "1:05", "1:05"),
        (600.0, "10:00", "10:00", "10:00"),
        (3599.0, "59:59", "59:59", "59:59"),
        (3599.999, "60:00", "59:59", "60:00"),
        (3600.0, "60:00", "60:00", "60:00"),
        (3725.0, "62:05", "62:05", "62:05"),
    ],
)
def test_each_rounding(seconds: float, up: str, down: str, nearest: str) -> None:
    assert clock_text(seconds, rounding="up") == up
    assert clock_text(seconds, rounding="down") == down
    assert clock_text(seconds, rounding="nearest") == nearest


@pytest.mark.parametrize("rounding", ["up", "down", "nearest"])
@pytest.mark.parametrize("seconds", [-0.3, -0.5, -1.0, -59.5, -3600.0])
def test_negative_time_shows_zero(seconds: float, rounding: Rounding) -> None:
    assert clock_text(seconds, rounding=rounding) == "0:00"


@pytest.mark.parametrize("rounding", ["up", "down", "nearest"])
def test_float_noise_next_to_a_whole_second_counts_as_that_second(rounding: Rounding) -> None:
    assert clock_text(60.0 - 1e-9, rounding=rounding) == "1:00"
    assert clock_text(3599.9999999, rounding=rounding) == "60:00"
    assert clock_text(60.0000001, rounding=rounding) == "1:00"
    assert clock_text(58.5 - 1e-9, rounding=rounding) == ("0:58" if rounding == "down" else "0:59")
