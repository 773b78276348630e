import pytest

from camfilter.cli import main
from camfilter.config import ConfigError, load_settings

GOOD = """\
version: 1
detector:
  model: weights/yolo11n.pt
defaults:
  events:
    cooldown_s: 10
cameras:
  front:
    url: rtsp://10.0.0.2/stream
    username: admin
    password: ${FRONT_PW}
  back:
    url: rtsp://10.0.0.3/stream
    events:
      cooldown_s: 5
"""


def test_valid_config_merges_defaults_and_expands_secrets():
    settings = load_settings(GOOD, {"FRONT_PW": "p@ss#w%rd:1"})
    front, back = settings.cameras["front"], settings.cameras["back"]
    assert front.password.get_secret_value() == "p@ss#w%rd:1"
    assert "p@ss" not in repr(front) and "p@ss" not in str(settings.model_dump())
    assert front.events.cooldown_s == 10 and back.events.cooldown_s == 5


def test_settings_are_frozen():
    settings = load_settings(GOOD, {"FRONT_PW": "x"})
    with pytest.raises(Exception):
        settings.cameras["front"].url = "rtsp://elsewhere"


@pytest.mark.parametrize("text, line, key, words", [
    ("cameras:\n  front:\n    url: rtsp://x\n    motion:\n      pixel_threshold: 900\n", 5,
     "cameras.front.motion.pixel_threshold", "less than or equal to 255"),
    ("cameras:\n  front:\n    url: rtsp://x\n    colour: red\n", 4, "cameras.front.colour", "unknown setting"),
    ("cameras:\n  front:\n    username: bob\n", 2, "cameras.front.url", "Field required"),
    ("detector:\n  model: m\nweb:\n  listen: nowhere\n", 4, "web.listen", "pattern"),
    ("cameras:\n  a:\n    url: rtsp://x\n    filters:\n      zones: [[[0, 0], [1, 1]]]\n", 5,
     "cameras.a.filters.zones", "at least 3 points"),
    ("cameras:\n  front:\n    url: rtsp://x\n    password: ${NOPE}\n", 4, "cameras.front.password", "NOPE is not set"),
])
def test_errors_name_line_and_dotted_key(text, line, key, words):
    with pytest.raises(ConfigError) as caught:
        load_settings(text, {}, "cam.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.key) == (line, key)
    assert words in problem.message
    assert str(caught.value).startswith(f"cam.yaml:{line}: {key}:")


def test_yaml_syntax_error_has_line():
    with pytest.raises(ConfigError) as caught:
        load_settings("cameras:\n  front: {url: rtsp://x\n  back: 3\n", {}, "bad.yaml")
    assert caught.value.problems[0].line is not None
    assert "YAML syntax" in str(caught.value)


def test_top_level_must_be_mapping():
    with pytest.raises(ConfigError, match="mapping"):
        load_settings("- a\n- b\n", {})


def test_check_config_command(tmp_path, capsys):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD)
    bad.write_text("cameras:\n  front:\n    url: rtsp://x\n    events:\n      cooldown_s: -1\n")
    assert main(["check-config", str(good)], {"FRONT_PW": "x"}) == 0
    assert "OK (2 camera(s)" in capsys.readouterr().out
    assert main(["check-config", str(bad)], {}) == 2
    assert f"{bad}:5: cameras.front.events.cooldown_s: Input should be greater than or equal to 0" in capsys.readouterr().err
    assert main(["check-config", str(tmp_path / "missing.yaml")], {}) == 2
    assert "cannot read" in capsys.readouterr().err


def test_example_config_is_valid():
    from pathlib import Path

    import camfilter

    example = Path(camfilter.__file__).parent / "config" / "example.yaml"
    assert load_settings(example.read_text(), {}).cameras == {}
