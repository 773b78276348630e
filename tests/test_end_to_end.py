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


@pytest.mark.parametrize("name", ["shadow_beach.mp4", "shadow_basketball.mp4", "shadow_skateboard.mp4"])
def test_shadow_clips_alert_on_people_never_on_shadows(detector, name):
    (clip,) = need_shared(f"media/{name}")
    decisions, _ = replay(detector, clip)
    assert [d.verdict for d in decisions] == ["alert"]
    people = decisions[0].boxes
    assert people and all(m.label == "person" for m in people)
    for box in (m.xyxy for m in people):
        assert (box[2] - box[0]) < 1.2 * (box[3] - box[1])  # upright people; a cast shadow on the ground lies flat


def test_blurred_kitten_called_person_gives_no_person_alert(detector):
    (clip,) = need_shared("media/pet_kittens_indoor.mp4")
    decisions, _ = replay(detector, clip)  # the whole clip, ending with the frames ~880-957 YOLO calls person
    assert decisions and all(d.verdict == "suppressed" for d in decisions)
    assert decisions[-1].reason.startswith("pet: cat") and decisions[-1].end_s > 30.0


def test_kitten_frames_alone_give_no_person_alert(detector):
    from camfilter.bench.scenes import clip_frames
    from camfilter.pipeline import CameraPipeline
    from camfilter.sources import Frame

    (clip,) = need_shared("media/pet_kittens_indoor.mp4")
    pipeline = CameraPipeline("kittens", CameraSettings(url=str(clip)), detector)
    decisions = []
    for i, image in enumerate(clip_frames(clip, 860, 97)):
        decisions += pipeline.step(Frame("kittens", i, i / 30, i / 30, image))
    decisions += pipeline.finish(97 / 30)
    assert [d.verdict for d in decisions] == ["suppressed"]
    assert decisions[0].reason.startswith("pet: ")  # cat or dog: COCO mixes them up on kittens


def test_cat_on_grass_is_a_quiet_pet_decision(detector):
    (clip,) = need_shared("media/pet_cat_running_grass.mp4")
    decisions, _ = replay(detector, clip)
    assert [(d.verdict, d.reason) for d in decisions] == [("suppressed", "pet: dog")]  # COCO calls this cat a dog


def test_cat_on_grass_alerts_when_the_camera_wants_pets(detector):
    from camfilter.config import EventSettings

    (clip,) = need_shared("media/pet_cat_running_grass.mp4")
    settings = CameraSettings(url=str(clip), events=EventSettings(alert_labels=("person", "cat", "dog")))
    decisions, _ = replay(detector, clip, settings)
    assert [d.verdict for d in decisions] == ["alert"] and decisions[0].label in ("cat", "dog")
