"""The VAE tab's endpoints through gradio_client against a launched app (bad inputs included)."""
from __future__ import annotations

import pytest
from gradio_client.exceptions import AppError

pytestmark = pytest.mark.api


def test_pick_decodes_a_latent_point(client):
    digit = client.predict("vae-z2-beta1", 0.5, -1.0, api_name="/vae_pick")
    again = client.predict("vae-z2-beta1", 0.5, -1.0, api_name="/vae_pick")
    other = client.predict("vae-z2-beta1", -2.0, 2.0, api_name="/vae_pick")
    read = lambda f: open(f, "rb").read()
    assert read(digit) == read(again) and read(digit) != read(other)


def test_plane_manifold_interpolation_and_reconstruction(client):
    plane, status = client.predict("vae-z2-beta4", api_name="/vae_plane")
    assert "vae-z2-beta4" in status and plane
    assert client.predict("vae-z2-beta1", 10, 2.0, api_name="/vae_manifold")
    assert client.predict("vae-z2-beta1", 3, 40, 8, api_name="/vae_interpolate")
    image, table = client.predict("vae-z16", 12, 5, api_name="/vae_reconstruct")
    rows = {r[0]: r[1] for r in table["data"]}
    acc, lo, hi = (float(v.strip("[],")) for v in rows["accuracy on these reconstructions"].split())
    assert 0 <= lo <= acc <= hi <= 1 and len(rows["true classes"].split()) == 12  # the share with its 95% interval


def test_samples_estimators_gumbel_vq(client):
    _, table, kl = client.predict(32, 0, 1.0, api_name="/vae_samples")
    assert {r[0] for r in table["data"]} >= {"confidence", "classes"}
    assert client.predict(0.0, 1.0, 200, 0, api_name="/vae_estimators")
    assert client.predict(0.3, api_name="/vae_gumbel")
    inp, cmap, out, use = client.predict(256, 7, api_name="/vae_vq_codes")
    assert inp and out and "dead" in str(use)
    _, table = client.predict(16, 1.0, 0, api_name="/vae_two_stage")
    assert {r[0] for r in table["data"]} >= {"confidence", "classes"}


@pytest.mark.parametrize("args, api, message", [
    (("vae-z16", 0, 0), "/vae_pick", "not in the list of choices"),
    (("vae-z2-beta1", 0, -7.5), "/vae_pick", "minimum value -6"),
    (("vae-z2-beta1", 9.0, 0), "/vae_pick", "maximum value 6"),
    (("nope", 12, 0), "/vae_reconstruct", "not in the list of choices"),
    (("vae-z2-beta1", 0, 400, 8), "/vae_interpolate", "maximum value 359"),
    ((0.0, 0.0, 200, 0), "/vae_estimators", "minimum value 0.1"),
    ((32, 7), "/vae_vq_codes", "not in the list of choices"),
    ((16, 9.0, 0), "/vae_two_stage", "maximum value 2"),
    ((0.0,), "/vae_gumbel", "minimum value 0.05"),
])
def test_bad_inputs_name_the_problem(client, args, api, message):
    with pytest.raises(AppError) as err:
        client.predict(*args, api_name=api)
    assert message in str(err.value).lower()


def test_live_training_streams_steps_and_rejects_bad_input(client):
    job = client.submit("moons", None, 1.0, 200, 0, api_name="/vae_train")
    outputs = list(job)
    assert len(outputs) >= 1 and outputs[-1][2].startswith("moons · β = 1 · 200 / 200 updates")
    assert "finished" in outputs[-1][2]
    for args, message in [(("moons", None, 0.0, 200, 0), "minimum value 0.05"),
                          (("drawing", None, 1.0, 200, 0), "canvas is empty"),
                          (("moons", None, 1.0, 10, 0), "minimum value 100")]:
        with pytest.raises(AppError) as err:
            client.predict(*args, api_name="/vae_train")
        assert message in str(err.value).lower()


def test_server_keeps_serving_after_errors(client):
    with pytest.raises(AppError):
        client.predict("vae-z2-beta1", 0, "north", api_name="/vae_pick")
    assert client.predict("vae-z2-beta1", 0.0, 0.0, api_name="/vae_pick")


def test_live_training_pauses_and_resumes(client):
    job = client.submit("circles", None, 1.0, 20_000, 3, api_name="/vae_train")
    for i, _ in enumerate(job):
        if i >= 1:
            client.predict(api_name="/vae_pause")
            break
    outputs = list(job) or job.outputs()
    last = outputs[-1][2]
    assert "paused" in last and "circles · β = 1" in last
    done = int(last.split(" · ")[2].split(" / ")[0].replace(",", ""))
    assert 0 < done < 20_000
    _, _, status = client.predict("circles", None, 1.0, 20_000, 3, api_name="/vae_step")
    assert f"{done + 50:,} / 20,000 updates" in status  # the step continued the paused run
