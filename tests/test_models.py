"""Models: output shapes, safetensors round trips through save_pretrained/from_pretrained, and
core.runtime.checkpoints' save/load in a temporary checkpoint root."""
from __future__ import annotations

import json

import pytest
import torch
from diffusers import UNet2DConditionModel
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin

from core.diffusion.schedules import image_schedule, points_schedule
from core.nn.classifier import DigitClassifier
from core.nn.embeddings import timestep_embedding
from core.nn.mlp2d import TimeMLP
from core.nn.unet_digits import NULL_CLASS, UNET_CONFIG, build_digits_unet, placeholder_states
from core.runtime import checkpoints

TINY_UNET = dict(block_out_channels=(8, 16, 16), norm_num_groups=4)  # same layout as shipped, fewer channels


def _unet_eps(unet, x, t, labels):
    return unet(x, t, placeholder_states(unet, x.shape[0]), class_labels=labels).sample


# ---- shapes ------------------------------------------------------------------------------------

def test_timestep_embedding():
    e = timestep_embedding(torch.tensor([0, 10, 999]), 64)
    assert e.shape == (3, 64)
    torch.testing.assert_close(e[0], torch.cat([torch.ones(32), torch.zeros(32)]))  # cos 0 = 1, sin 0 = 0
    assert not torch.allclose(e[1], e[2])


def test_time_mlp_shapes():
    torch.manual_seed(0)
    model = TimeMLP(dim=2, hidden=32, depth=2, time_embed_dim=16).eval()
    x = torch.randn(5, 2)
    out = model(x, torch.full((5,), 10))
    assert out.shape == (5, 2) and out.dtype == torch.float32
    torch.testing.assert_close(model(x, 10), out)  # a scalar t is broadcast
    torch.testing.assert_close(model(x, torch.tensor(10)), out)
    assert not torch.allclose(model(x, 500), out)  # t matters
    assert TimeMLP(dim=3, hidden=16, depth=1)(torch.randn(4, 3), 1).shape == (4, 3)


def test_digits_unet_shapes_and_class_labels():
    torch.manual_seed(0)
    unet = build_digits_unet().eval()
    assert isinstance(unet, UNet2DConditionModel)
    assert unet.config.num_class_embeds == NULL_CLASS + 1 == 11 and unet.config.sample_size == 8
    assert sum(p.numel() for p in unet.parameters()) * 4 < 10 * 2**20  # fits the 10 MB checkpoint limit
    x = torch.randn(4, 1, 8, 8)
    labels = torch.tensor([0, 3, 9, NULL_CLASS])
    states = placeholder_states(unet, 4)
    assert states.shape == (4, 1, UNET_CONFIG["cross_attention_dim"]) and not states.any()
    with torch.no_grad():
        out = _unet_eps(unet, x, torch.tensor([1, 10, 500, 999]), labels)
        other = _unet_eps(unet, x, torch.tensor([1, 10, 500, 999]), torch.tensor([1, 4, 8, 2]))
    assert out.shape == (4, 1, 8, 8)
    assert not torch.allclose(out, other)  # the class changes the prediction
    with pytest.raises(IndexError):
        _unet_eps(unet, x, torch.tensor(5), torch.tensor([0, 1, 2, NULL_CLASS + 1]))


def test_build_digits_unet_overrides():
    unet = build_digits_unet(**TINY_UNET)
    assert tuple(unet.config.block_out_channels) == (8, 16, 16)
    assert unet.config.num_class_embeds == 11  # the rest comes from UNET_CONFIG


def test_digit_classifier_shapes():
    torch.manual_seed(0)
    clf = DigitClassifier().eval()
    x = torch.rand(6, 1, 8, 8) * 2 - 1
    assert clf(x).shape == (6, 10)
    assert clf.features(x).shape == (6, clf.config.feature_dim) == (6, 128)
    torch.testing.assert_close(clf.head(clf.features(x)), clf(x))  # eval: dropout is off


# ---- save_pretrained / from_pretrained ---------------------------------------------------------

def _roundtrip(model, folder, cls, *inputs, call=None):
    call = call or (lambda m, *a: m(*a))
    model.eval()
    model.save_pretrained(folder, safe_serialization=True)
    assert (folder / "diffusion_pytorch_model.safetensors").is_file()
    assert not list(folder.glob("*.bin")) and not list(folder.glob("*.pt"))  # never a pickle
    assert json.loads((folder / "config.json").read_text())["_class_name"] == cls.__name__
    loaded = cls.from_pretrained(folder, use_safetensors=True).eval()
    assert type(loaded) is cls
    with torch.no_grad():
        assert torch.equal(call(model, *inputs), call(loaded, *inputs))
    return loaded


def test_time_mlp_roundtrip(tmp_path):
    torch.manual_seed(1)
    model = TimeMLP(hidden=32, depth=3, time_embed_dim=16)
    loaded = _roundtrip(model, tmp_path, TimeMLP, torch.randn(9, 2), torch.arange(9) * 100)
    assert loaded.config.hidden == 32 and loaded.config.depth == 3 and loaded.config.time_embed_dim == 16


def test_digits_unet_roundtrip(tmp_path):
    torch.manual_seed(2)
    unet = build_digits_unet(**TINY_UNET)
    loaded = _roundtrip(unet, tmp_path, UNet2DConditionModel, torch.randn(3, 1, 8, 8), torch.tensor([5, 50, 500]),
                        torch.tensor([1, 7, NULL_CLASS]), call=_unet_eps)
    assert tuple(loaded.config.block_out_channels) == (8, 16, 16)


def test_classifier_roundtrip(tmp_path):
    torch.manual_seed(3)
    _roundtrip(DigitClassifier(channels=8, feature_dim=16), tmp_path, DigitClassifier, torch.randn(4, 1, 8, 8))


# ---- core.runtime.checkpoints --------------------------------------------------------------------------

@pytest.fixture
def ckpt_root(tmp_path, monkeypatch):
    """core.runtime.checkpoints writing to and reading from an empty temporary root."""
    monkeypatch.setattr(checkpoints, "ROOT", tmp_path)
    checkpoints.load_model.cache_clear()
    checkpoints.scheduler_config.cache_clear()
    yield tmp_path
    checkpoints.load_model.cache_clear()
    checkpoints.scheduler_config.cache_clear()


def test_checkpoint_save_and_load(ckpt_root):
    torch.manual_seed(4)
    model = TimeMLP(hidden=16, depth=2, time_embed_dim=8).eval()
    assert not checkpoints.exists("tiny-points")
    folder = checkpoints.save("tiny-points", model, points_schedule(), {"ddim10": {"w2": 0.1, "ratio": 1.2}})
    assert folder == ckpt_root / "tiny-points"
    assert (folder / "diffusion_pytorch_model.safetensors").is_file()
    assert (folder / "scheduler" / "scheduler_config.json").is_file()
    assert checkpoints.exists("tiny-points")
    assert checkpoints.quality("tiny-points") == {"ddim10": {"w2": 0.1, "ratio": 1.2}}

    loaded = checkpoints.load_model("tiny-points")
    assert type(loaded) is TimeMLP and not loaded.training
    assert loaded is checkpoints.load_model("tiny-points")  # cached
    x, t = torch.randn(7, 2), torch.arange(7) * 120
    with torch.no_grad():
        assert torch.equal(loaded(x, t), model(x, t))

    cfg = checkpoints.scheduler_config("tiny-points")
    assert cfg["clip_sample"] is False and cfg["num_train_timesteps"] == 1000
    assert cfg["timestep_spacing"] == "trailing"

    checkpoints.save("tiny-points", TimeMLP(hidden=16, depth=2, time_embed_dim=8), image_schedule())
    assert checkpoints.load_model("tiny-points") is not loaded  # saving invalidates the caches
    assert checkpoints.scheduler_config("tiny-points")["clip_sample"] is True


def test_checkpoint_unet_and_classifier(ckpt_root):
    torch.manual_seed(5)
    unet = build_digits_unet(**TINY_UNET).eval()
    checkpoints.save("tiny-unet", unet, image_schedule(), {})
    clf = DigitClassifier(channels=8, feature_dim=16).eval()
    checkpoints.save("tiny-clf", clf)
    assert checkpoints.quality("tiny-clf") == {} and not (ckpt_root / "tiny-clf" / "scheduler").exists()
    x = torch.randn(2, 1, 8, 8)
    with torch.no_grad():
        assert torch.equal(checkpoints.load_model("tiny-clf")(x), clf(x))
        t, labels = torch.tensor([3, 300]), torch.tensor([2, NULL_CLASS])
        assert torch.equal(_unet_eps(checkpoints.load_model("tiny-unet"), x, t, labels), _unet_eps(unet, x, t, labels))


def test_checkpoint_missing(ckpt_root):
    with pytest.raises(FileNotFoundError, match="python -m core.train nothing-here"):
        checkpoints.load_model("nothing-here")
    assert checkpoints.quality("nothing-here") == {}


class _Affine2D(ModelMixin, ConfigMixin):
    """A project model class defined outside core, registered for loading."""

    @register_to_config
    def __init__(self, scale: float = 2.0):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.full((2,), float(scale)))

    def forward(self, x):
        return x * self.weight


def test_listed_classes_load_alongside_core_models(ckpt_root, monkeypatch):
    """A class listed in MODEL_CLASSES loads by its module path, beside the core models."""
    monkeypatch.setitem(checkpoints.MODEL_CLASSES, "_Affine2D", __name__)
    checkpoints.save("affine", _Affine2D(scale=3.0))
    torch.manual_seed(6)
    mlp = TimeMLP(hidden=8, depth=1, time_embed_dim=8).eval()
    checkpoints.save("mlp", mlp)
    x = torch.randn(3, 2)
    with torch.no_grad():
        assert torch.equal(checkpoints.load_model("affine")(x), 3.0 * x)
        assert torch.equal(checkpoints.load_model("mlp")(x, 5), mlp(x, 5))


def test_unknown_model_class(ckpt_root):
    checkpoints.save("tiny", TimeMLP(hidden=8, depth=1, time_embed_dim=8))
    cfg_file = ckpt_root / "tiny" / "config.json"
    cfg = json.loads(cfg_file.read_text())
    cfg["_class_name"] = "NoSuchModel"
    cfg_file.write_text(json.dumps(cfg))
    with pytest.raises(KeyError, match="NoSuchModel"):
        checkpoints.load_model("tiny")
