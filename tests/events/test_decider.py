import numpy as np
import pytest

from camfilter.config import EventSettings
from camfilter.events.decider import EpisodeDecider
from camfilter.filters import Rejection
from camfilter.motion import STILL, Motion
from camfilter.tracking import Tracks

IMAGE = np.zeros((10, 10, 3), np.uint8)
CHANGED = np.full((10, 10), 255, np.uint8)
MOVING = Motion(boxes=((1, 1, 5, 5),), changed_fraction=0.1, kinds=("object",), mask=CHANGED)
STILL_INSIDE = Motion(boxes=((6, 6, 9, 9),), changed_fraction=0.1, kinds=("object",), mask=np.zeros((10, 10), np.uint8))
LIGHTS = Motion(boxes=((0, 0, 10, 10),), changed_fraction=0.9, kinds=("light",), lighting=True, mask=CHANGED)
SHADOW = Motion(boxes=((1, 1, 5, 5),), changed_fraction=0.1, kinds=("shadow",), mask=CHANGED)
RAIN = Motion(boxes=((0, 0, 10, 10),), changed_fraction=0.2, kinds=("blur",), scattered=True, mask=CHANGED)


def tracks(*rows, box=(1, 1, 5, 9)):
    """tracks((track_id, label, score), ...)"""
    if not rows:
        return Tracks()
    return Tracks(np.tile(np.array([box], np.float32), (len(rows), 1)),
                  np.array([r[2] for r in rows], np.float32), np.array([r[1] for r in rows], dtype="<U16"),
                  np.array([r[0] for r in rows], np.int64))


def play(decider, script, dt=0.2):
    """script: list of (motion, tracks or None, rejections). Returns every decision with its time."""
    out, t = [], 0.0
    for motion, found, rejected in script:
        out += [(t, d) for d in decider.observe(t, 1000 + t, motion, IMAGE)]
        if found is not None and decider.open:
            out += [(t, d) for d in decider.detected(t, found, rejected, IMAGE, motion)]
        t += dt
    out += [(t, d) for d in decider.close(t)]
    return out


def quiet(n):
    return [(STILL, None, ())] * n


def test_person_alerts_once_mid_episode_then_final_copy():
    script = [(MOVING, tracks((1, "person", 0.8)), ())] * 6 + quiet(15)
    decisions = play(EpisodeDecider("cam", EventSettings()), script)
    assert [(d.verdict, d.final) for _, d in decisions] == [("alert", False), ("alert", True)]
    t_alert, alert = decisions[0]
    assert t_alert == pytest.approx(0.4)  # the third detector hit confirms: min_hits=3
    assert alert.label == "person" and alert.score == pytest.approx(0.8) and alert.reason == "person confirmed"
    assert decisions[1][1].end_s == pytest.approx(1.0) and decisions[1][1].start_s == 0.0


def test_two_people_in_one_episode_are_one_alert():
    script = [(MOVING, tracks((1, "person", 0.8), (2, "person", 0.9)), ())] * 8 + quiet(15)
    alerts = [d for _, d in play(EpisodeDecider("cam", EventSettings()), script) if not d.final]
    assert len(alerts) == 1


@pytest.mark.parametrize("script, label, reason", [
    ([(MOVING, tracks(), ())] * 5, None, "no object in motion"),
    ([(LIGHTS, tracks(), ())] * 2 + [(MOVING, tracks(), ())], None, "lighting change"),
    ([(MOVING, tracks((1, "cat", 0.7)), ())] * 5, "cat", "pet: cat"),
    ([(MOVING, tracks((1, "person", 0.45)), ())] * 5, "person", "below min score (person median 0.45 < 0.55)"),
    ([(MOVING, tracks((1, "person", 0.9)), ())] * 2, "person", "person seen in 2 of 3 frames needed"),
    ([(MOVING, tracks(), (Rejection("person", 0.9, "outside zones"),))] * 4, "person", "outside zones (person)"),
    ([(SHADOW, tracks(), ())] * 4, None, "shadow: no object in moving region"),
    ([(RAIN, tracks(), ())] * 4, None, "rain or snow: motion all over the frame, no object"),
    ([(MOVING, tracks((1, "dog", 0.8)), ())] * 5, "dog", "pet: dog"),
    ([(MOVING, tracks((1, "car", 0.8)), ())] * 5, "car", "car, not person"),
    # a poster seen as a person while only the lights flicker: nothing inside the box ever moves
    ([(LIGHTS, tracks((1, "person", 0.9)), ()), (STILL_INSIDE, tracks((1, "person", 0.9)), ())] * 4,
     "person", "static object: nothing inside the person box moves"),
    # one track called cat more often than person: class competition makes it a cat
    ([(MOVING, tracks((1, "cat", 0.8)), ()), (MOVING, tracks((1, "cat", 0.7)), ()),
      (MOVING, tracks((1, "person", 0.7)), ())] * 3, "cat", "pet: cat"),
    # a person-like box next to a cat that was just there must be much surer of itself
    ([(MOVING, tracks((1, "cat", 0.8)), ())] * 3 + [(MOVING, tracks((2, "person", 0.65), box=(4, 1, 9, 9)), ())] * 8,
     "person", "pet: cat, not person (person-like boxes next to the cat)"),
])
def test_suppressed_episodes_say_why(script, label, reason):
    decisions = play(EpisodeDecider("cam", EventSettings()), script + quiet(15))
    assert len(decisions) == 1
    decision = decisions[0][1]
    assert (decision.verdict, decision.label, decision.reason, decision.final) == ("suppressed", label, reason, True)


def test_flicker_of_person_and_misses_uses_median_with_zeros():
    # detected, missed, detected, missed...: median of [0.9, 0, 0.9, 0, 0.9] is 0.9 but with hits spread out
    script = [(MOVING, tracks((1, "person", 0.9)), ()), (MOVING, tracks(), ())] * 2 + [(MOVING, tracks(), ())] * 3
    decisions = play(EpisodeDecider("cam", EventSettings()), script + quiet(15))
    assert [d.verdict for _, d in decisions] == ["suppressed"]


def test_cooldown_turns_a_quick_second_alert_into_a_recorded_repeat():
    person = [(MOVING, tracks((1, "person", 0.8)), ())] * 5
    decisions = play(EpisodeDecider("cam", EventSettings(cooldown_s=30)), person + quiet(15) + person + quiet(15))
    finals = [d for _, d in decisions if d.final]
    assert [d.verdict for d in finals] == ["alert", "suppressed"]
    assert finals[1].reason == "repeat within cooldown (30 s)"
    someone_else = [(MOVING, tracks((5, "person", 0.8), box=(6, 0, 9, 4)), ())] * 5
    decisions = play(EpisodeDecider("cam", EventSettings(cooldown_s=0)), person + quiet(15) + someone_else + quiet(15))
    assert [d.verdict for _, d in decisions if d.final] == ["alert", "alert"]


def test_quiet_frames_end_the_episode_after_end_after_s():
    decider = EpisodeDecider("cam", EventSettings(end_after_s=1.0))
    decisions = play(decider, [(MOVING, tracks(), ())] + quiet(4))
    assert decider.open is False and len(decisions) == 1  # closed by close() at the end
    decider = EpisodeDecider("cam", EventSettings(end_after_s=1.0))
    decisions = play(decider, [(MOVING, tracks(), ())] + quiet(6))
    assert len(decisions) == 1 and decisions[0][0] == pytest.approx(1.0)


def test_continuous_motion_is_split_at_max_episode():
    decider = EpisodeDecider("cam", EventSettings(max_episode_s=2.0))
    decisions = play(decider, [(MOVING, tracks(), ())] * 25)
    assert len(decisions) == 3 and all(d.reason == "no object in motion" for _, d in decisions)


def test_no_motion_no_decision():
    assert play(EpisodeDecider("cam", EventSettings()), quiet(50)) == []


def test_snapshot_prefers_the_confirming_frame():
    script = [(MOVING, tracks((1, "person", 0.8)), ())] * 5 + quiet(15)
    alert = play(EpisodeDecider("cam", EventSettings()), script)[0][1]
    assert alert.image is IMAGE and [m.label for m in alert.boxes] == ["person"]


def test_person_next_to_a_dog_still_alerts_when_sure():
    script = [(MOVING, tracks((1, "dog", 0.8)), ())] * 3 + [(MOVING, tracks((2, "person", 0.9), box=(4, 1, 9, 9)), ())] * 8
    decisions = play(EpisodeDecider("cam", EventSettings()), script + quiet(15))
    assert [d.verdict for _, d in decisions] == ["alert", "alert"]


def test_person_who_walks_in_then_stands_still_alerts():
    walking = [(MOVING, tracks((1, "person", 0.8), box=(1 + i * 0.5, 1, 5 + i * 0.5, 9)), ()) for i in range(2)]
    standing = [(STILL_INSIDE, tracks((1, "person", 0.8), box=(3, 1, 7, 9)), ())] * 4
    decisions = play(EpisodeDecider("cam", EventSettings()), walking + standing + quiet(15))
    assert decisions[0][1].verdict == "alert"


def test_pets_can_be_set_to_alert():
    script = [(MOVING, tracks((1, "cat", 0.8)), ())] * 5 + quiet(15)
    decisions = play(EpisodeDecider("cam", EventSettings(alert_labels=("person", "cat"))), script)
    assert decisions[0][1].verdict == "alert" and decisions[0][1].reason == "cat confirmed"


def test_night_threshold_applies_in_the_dark():
    dark = Motion(boxes=((1, 1, 5, 5),), changed_fraction=0.1, kinds=("object",), mode="ir", mask=CHANGED)
    script = [(dark, tracks((1, "person", 0.45)), ())] * 5 + quiet(15)
    assert play(EpisodeDecider("cam", EventSettings()), script)[0][1].verdict == "suppressed"
    night = EventSettings(night_confirm_score=0.4)
    assert play(EpisodeDecider("cam", night), script)[0][1].verdict == "alert"


def test_person_still_standing_there_is_not_a_new_alert_but_a_newcomer_is():
    here = [(MOVING, tracks((1, "person", 0.8)), ())] * 5
    elsewhere = [(MOVING, tracks((7, "person", 0.8), box=(6, 0, 9, 4)), ())] * 5
    settings = EventSettings(cooldown_s=0)
    finals = [d for _, d in play(EpisodeDecider("cam", settings), here + quiet(15) + here + quiet(15)) if d.final]
    assert [(d.verdict, d.reason) for d in finals] == [("alert", "person confirmed"),
                                                       ("suppressed", "same person as the last alert, still there")]
    finals = [d for _, d in play(EpisodeDecider("cam", settings), here + quiet(15) + elsewhere + quiet(15)) if d.final]
    assert [d.verdict for d in finals] == ["alert", "alert"]
    later = EventSettings(cooldown_s=0, same_person_s=1)
    finals = [d for _, d in play(EpisodeDecider("cam", later), here + quiet(15) + here + quiet(15)) if d.final]
    assert [d.verdict for d in finals] == ["alert", "alert"]


def test_idle_time_counts_only_moving_people():
    decider = EpisodeDecider("cam", EventSettings())
    decider.observe(0.0, 0.0, MOVING, IMAGE)
    decider.detected(0.0, tracks((1, "cat", 0.8)), (), IMAGE, MOVING)
    assert decider.idle_for(3.0) == 3.0  # a pet alone: the episode is idle for people
    decider.detected(3.0, tracks((2, "person", 0.8)), (), IMAGE, STILL_INSIDE)
    assert decider.idle_for(4.0) == 4.0  # a person box in which nothing moves does not count
    decider.detected(4.0, tracks((3, "person", 0.8), box=(6, 0, 9, 4)), (), IMAGE, MOVING)
    assert decider.idle_for(5.0) == 1.0


def test_someone_who_walked_out_is_not_remembered_as_still_there():
    walks_out = [(MOVING, tracks((1, "person", 0.8), box=(1 + i, 1, 5 + i, 9)), ()) for i in range(5)]
    comes_in = [(MOVING, tracks((4, "person", 0.8), box=(5, 1, 9, 9)), ())] * 5
    finals = [d for _, d in play(EpisodeDecider("cam", EventSettings(cooldown_s=0)),
                                 walks_out + quiet(15) + comes_in + quiet(15)) if d.final]
    assert [d.verdict for d in finals] == ["alert", "alert"]
