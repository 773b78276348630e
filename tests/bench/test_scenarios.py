"""The scenario benchmark's scenes through the real pipeline: all people alert, nothing else does."""

import pytest

from camfilter.bench.catalogue import build_scenes
from camfilter.bench.scenario import run_camfilter, run_motion_alarm
from tests.conftest import SHARED, need_shared

pytestmark = pytest.mark.model

REASONS = {
    "static-noise": "no decision (no motion)",
    "cloud-shadow": "shadow: no object in moving region",
    "offscreen-person-shadow": "shadow: no object in moving region",
    "floodlight": "lighting change",
    "ir-switch": "lighting change",
    "dusk": "lighting change",
    "lightning": "lighting change",
    "rain-night": "rain or snow",
    "snow-night": "rain or snow",
    "headlights": "light: headlights",
    "insect-ir": "insect or web near the lens",
    "poster-flicker": "static object",
    "cat-walks-by": "pet: cat",
    "kittens-blur": "pet: cat",
    "cat-on-grass": "pet: dog",
}


@pytest.fixture(scope="module")
def scenes():
    need_shared("media/vtest.avi", "media/intel_one-by-one-person-detection.mp4")
    return {scene.name: scene for scene in build_scenes(SHARED)}


def test_catalogue_is_deterministic(scenes):
    again = build_scenes(SHARED)
    first = next(scenes["rain-night"].frames())
    assert (first == next(again[[s.name for s in again].index("rain-night")].frames())).all()
    assert set(REASONS) == {name for name, s in scenes.items() if s.expect == "quiet"}


@pytest.mark.parametrize("name", list(REASONS))
def test_quiet_scenes_stay_quiet_with_their_reason(scenes, detector, name):
    scene = scenes[name]
    outcome = run_camfilter(list(scene.frames()), scene.fps, detector)
    assert not outcome.alerted
    assert outcome.reason.startswith(REASONS[name]), outcome.reason


@pytest.mark.parametrize("name", ["plaza-people", "person-enters-room", "small-distant", "night-ir-person",
                                  "enter-during-light-change", "partly-occluded", "walks-in-stands-still"])
def test_people_always_alert(scenes, detector, name):
    scene = scenes[name]
    outcome = run_camfilter(list(scene.frames()), scene.fps, detector)
    assert outcome.alerted and outcome.reason == "person confirmed"


def test_the_motion_alarm_baseline_really_fires_on_weather(scenes):
    scene = scenes["rain-night"]
    assert run_motion_alarm(list(scene.frames()), scene.fps).alerted
