"""The guidance tab's endpoints through gradio_client against a launched app."""
from __future__ import annotations

import pytest
from gradio_client.exceptions import AppError

pytestmark = pytest.mark.api


def _digits(client, label="3", method="cfg", scale=3.0, direction="toward", steps=10, seed=0, n=10):
    return client.predict(label, method, scale, direction, steps, seed, n, api_name="/guidance_digits")


def _points(client, method="cfg", label="0", scale=3.0, direction="toward", n=300, steps=10, seed=0):
    return client.predict(method, label, scale, direction, n, steps, seed, api_name="/guidance_points")


def _column(table, i: int = 1) -> list:
    """Column ``i`` of a table with one row per measure: the figures of one thing compared, in the measures' order."""
    return [r[i] for r in table["data"]]


def test_digits_gallery_and_stats(client):
    image, table = _digits(client)
    assert table["headers"] == ["measure", "value"] and [r[0] for r in table["data"]] == [
        "method", "w", "NFE", "ms", "class accuracy [95%]", "diversity [95%]", "Fréchet to its class [95%]"]
    row = _column(table)
    assert image and row[0] == "classifier-free" and row[1] == 3.0 and row[2] == 10  # one batched forward per step
    assert 0.0 <= _interval(row[4])[0] <= _value(row[4]) <= _interval(row[4])[1] <= 1.0
    for cell in row[5:]:  # diversity and class Fréchet, each with its 95% interval
        assert _interval(cell)[0] <= _value(cell) <= _interval(cell)[1] and _value(cell) > 0
    _, again = _digits(client)
    assert _column(again)[4:] == row[4:]  # same seed, same digits


def test_digits_negative_classifier_guidance(client):
    _, toward = _digits(client, method="classifier", scale=5.0)
    _, away = _digits(client, method="classifier", scale=5.0, direction="away")
    assert _column(away)[1] == -5.0
    assert _value(_column(away)[4]) < _value(_column(toward)[4])  # pushed off the class


def _value(cell) -> float:
    """The value of a ``"value [lo, hi]"`` cell (its 95% interval after it)."""
    return float(str(cell).split(" [")[0])


def _interval(cell) -> tuple[float, float]:
    lo, hi = str(cell).split(" [")[1].rstrip("]").split(", ")
    return float(lo), float(hi)


def test_points_and_field(client):
    fig, table = _points(client)
    assert table["headers"] == ["measure", "no guidance", "guided"]
    plain, guided = _column(table, 1), _column(table, 2)
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


def test_sweep_tables_name_their_columns():
    """The saved sweep: two tables of at most four columns (a phone shows them whole), method and scale in each
    row's name, the two Fréchet distances named apart, the time with its unit and sample size, and a note under
    the tables saying what each compares and what the time is, in both languages."""
    from gradio.context import LocalContext

    from core.guidance.quality import SWEEP_SCALES
    from demos.common.results import load_result
    from demos.guidance import tab
    from demos.guidance.text import EN, ZH

    saved = load_result("guidance")
    n = saved["settings"]["samples"]
    _, sweep, more, speed = tab.saved_sweep(saved)
    assert list(sweep.columns) == ["method · w", "class accuracy [95%]", "diversity [95%]", "Fréchet to its class [95%]"]
    assert list(more.columns) == ["method · w", "Fréchet to all digits [95%]", f"time (s), {n} digits"]
    assert all(len(t.columns) <= 4 for t in (sweep, more, speed))
    names = [f"{m}, w = {w:g}" for m in ("CFG", "CG") for w in SWEEP_SCALES]
    assert sweep.iloc[:, 0].tolist() == names == more.iloc[:, 0].tolist()
    for text, parts in ((EN["guidance.sweep_columns"], ("Fréchet to its class", "Fréchet to all digits", "Time (s)",
                                                       "that class's test digits", "all the test digits",
                                                       "CFG: classifier-free guidance", "CG: classifier guidance")),
                        (ZH["guidance.sweep_columns"], ("到本类的 Fréchet", "到全部数字的 Fréchet", "用时（秒）",
                                                        "无分类器：无分类器引导", "分类器：分类器引导"))):
        assert all(p in text for p in parts), parts
    token = LocalContext.request.set(type("Request", (), {"headers": {"accept-language": "zh-CN"}})())
    try:
        _, sweep_zh, more_zh, _ = tab.saved_sweep(saved)
    finally:
        LocalContext.request.reset(token)
    assert list(more_zh.columns) == ["方法 · w", "到全部数字的 Fréchet [95%]", f"用时（秒），{n} 个数字"]
    assert sweep_zh.iloc[0, 0] == "无分类器，w = 0" and sweep_zh.columns[3] == "到本类的 Fréchet [95%]"
