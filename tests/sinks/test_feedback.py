import pytest

from camfilter.events import Decision
from camfilter.sinks.feedback import FeedbackError, FeedbackLog
from camfilter.sinks.store import DecisionStore


def add(store, camera, verdict):
    return store.add(Decision(camera, 1, verdict, "person", "r", 0, 1, 0.8, 1e9, True), "s", 1e9)


def test_precision_per_camera_from_feedback(tmp_path):
    store = DecisionStore(tmp_path)
    log = FeedbackLog(tmp_path)
    front = [add(store, "front", "alert") for _ in range(4)]
    quiet = add(store, "front", "suppressed")
    back = add(store, "back", "alert")
    for row_id in front[:3]:
        log.record(row_id, "correct", 1.0)
    log.record(front[3], "false_alarm", 2.0, "my coat on the hook")
    log.record(quiet, "missed", 3.0)
    summary = log.summary()
    assert summary["front"] == {"alerts": 4, "rated_alerts": 4, "correct": 3, "false_alarms": 1, "precision": 0.75,
                                "missed": 1, "confirmed_quiet": 0}
    assert summary["back"]["precision"] is None and summary["back"]["alerts"] == 1
    log.record(front[3], "correct", 4.0)  # changed their mind: the latest answer counts
    assert log.summary()["front"]["precision"] == 1.0
    assert back


@pytest.mark.parametrize("kind, message", [("maybe", "must be one of"), ("missed", "for suppressed decisions")])
def test_bad_feedback_is_refused(tmp_path, kind, message):
    store = DecisionStore(tmp_path)
    log = FeedbackLog(tmp_path)
    row_id = add(store, "front", "alert")
    with pytest.raises(FeedbackError, match=message):
        log.record(row_id, kind, 1.0)
    with pytest.raises(FeedbackError, match="no such decision"):
        log.record(999, "correct", 1.0)


def test_feedback_survives_a_restart(tmp_path):
    store = DecisionStore(tmp_path)
    row_id = add(store, "front", "alert")
    FeedbackLog(tmp_path).record(row_id, "false_alarm", 1.0)
    assert FeedbackLog(tmp_path).summary()["front"]["false_alarms"] == 1
