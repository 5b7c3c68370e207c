"""The guidance tab's endpoints through gradio_client against a launched app."""
from __future__ import annotations

import pytest
from gradio_client.exceptions import AppError

pytestmark = pytest.mark.api


def _digits(client, label="3", method="cfg", scale=3.0, direction="toward", steps=10, seed=0, n=10):
    return client.predict(label, method, scale, direction, steps, seed, n, api_name="/guidance_digits")


def _points(client, method="cfg", label="0", scale=3.0, direction="toward", n=300, steps=10, seed=0):
    return client.predict(method, label, scale, direction, n, steps, seed, api_name="/guidance_points")


def test_digits_gallery_and_stats(client):
    image, table = _digits(client)
    row = table["data"][0]
    assert image and row[0] == "classifier-free" and row[1] == 3.0 and row[2] == 10  # one batched forward per step
    assert 0.0 <= _interval(row[4])[0] <= _value(row[4]) <= _interval(row[4])[1] <= 1.0
    for cell in row[5:]:  # diversity and class Fréchet, each with its 95% interval
        assert _interval(cell)[0] <= _value(cell) <= _interval(cell)[1] and _value(cell) > 0
    _, again = _digits(client)
    assert again["data"][0][4:] == row[4:]  # same seed, same digits


def test_digits_negative_classifier_guidance(client):
    _, toward = _digits(client, method="classifier", scale=5.0)
    _, away = _digits(client, method="classifier", scale=5.0, direction="away")
    assert away["data"][0][1] == -5.0
    assert _value(away["data"][0][4]) < _value(toward["data"][0][4])  # pushed off the class


def _value(cell) -> float:
    """The value of a ``"value [lo, hi]"`` cell (its 95% interval after it)."""
    return float(str(cell).split(" [")[0])


def _interval(cell) -> tuple[float, float]:
    lo, hi = str(cell).split(" [")[1].rstrip("]").split(", ")
    return float(lo), float(hi)


def test_points_and_field(client):
    fig, table = _points(client)
    plain, guided = table["data"]
    assert plain[0] == 1.0 and guided[0] == 3.0 and _value(guided[4]) < _value(plain[4])  # spread shrinks
    lo, hi = _interval(guided[4])
    assert lo < _value(guided[4]) < hi
    field = client.predict("classifier", "2", 2.0, "toward", 200, api_name="/guidance_field")
    assert fig and field


@pytest.mark.parametrize("kwargs, message", [
    (dict(method="dpm"), "not in the list of choices"),
    (dict(scale=12), "maximum value 10"),
    (dict(label="11"), "not in the list of choices"),
    (dict(steps=0), "minimum value 1"),
    (dict(n=65), "maximum value 64"),
    (dict(seed=-3), "minimum value 0"),
])
def test_digits_rejects_bad_input(client, kwargs, message):
    with pytest.raises(AppError) as err:
        _digits(client, **kwargs)
    assert message in str(err.value).lower()


def test_field_rejects_bad_noise_level(client):
    with pytest.raises(AppError) as err:
        client.predict("cfg", "0", 3.0, "toward", 5000, api_name="/guidance_field")
    assert "maximum value 999" in str(err.value).lower()
