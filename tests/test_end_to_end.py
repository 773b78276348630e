"""The whole pipeline with the real model on real clips from ../shared/media."""

import pytest

from camfilter.config import CameraSettings
from camfilter.replay import ClipReplay
from camfilter.bench.scenes import empty_background, static_noise_clip
from tests.conftest import need_shared

pytestmark = pytest.mark.model


def replay(detector, path, settings=None):
    run = ClipReplay(path.stem, settings or CameraSettings(url=str(path)), detector)
    return list(run.run(str(path))), run.timings


def test_vtest_pedestrians_alert(detector):
    (clip,) = need_shared("media/vtest.avi")
    decisions, timings = replay(detector, clip)
    alerts = [d for d in decisions if d.verdict == "alert"]
    assert alerts and alerts[0].label == "person" and alerts[0].score >= 0.55
    assert alerts[0].start_s < 2.0  # people are there from the first second
    assert timings.detector_passes < timings.frames / 3  # the gate and rate limit spare the detector


def test_one_by_one_alerts_on_people_and_is_quiet_when_empty(detector):
    (clip,) = need_shared("media/intel_one-by-one-person-detection.mp4")
    decisions, _ = replay(detector, clip)
    assert [d.verdict for d in decisions].count("alert") >= 3
    assert all(d.verdict == "alert" for d in decisions)  # no stray decision from the empty stretches
    assert decisions[0].start_s >= 5.0  # the room is empty for the first 6 s: nothing is decided there
    for a, b in zip(decisions, decisions[1:]):
        assert a.end_s <= b.start_s  # one decision per episode, episodes never overlap


def test_static_scene_with_sensor_noise_gives_no_decision(detector, tmp_path):
    (clip,) = need_shared("media/vtest.avi")
    noise = static_noise_clip(tmp_path / "static.mp4", empty_background(clip))
    decisions, timings = replay(detector, noise)
    assert decisions == [] and timings.frames == 120 and timings.detector_passes == 0


def test_shadow_clip_alerts_on_people_not_shadows(detector):
    (clip,) = need_shared("media/shadow_beach.mp4")
    decisions, _ = replay(detector, clip)
    assert [d.verdict for d in decisions] == ["alert"]
    assert all(m.label == "person" for m in decisions[0].boxes)
