import pytest

from camfilter.tracking import ObjectTracker
from tests.conftest import dets, need_shared, read_frames


def test_one_walking_person_keeps_one_track_id():
    tracker = ObjectTracker(frame_rate=5)
    ids = set()
    for step in range(10):
        x = 100 + 8 * step
        tracks = tracker.update(dets((x, 100, x + 40, 220, 0.8, "person")))
        ids.update(tracks.track_id.tolist())
        assert tracks.label.tolist() in ([], ["person"])
    assert len(ids) == 1


def test_two_people_two_ids_and_reset_starts_over():
    tracker = ObjectTracker(frame_rate=5)
    for step in range(4):
        tracks = tracker.update(dets((10 + step, 10, 50 + step, 130, 0.9, "person"),
                                     (400 - step, 10, 440 - step, 130, 0.9, "person")))
    assert len(set(tracks.track_id.tolist())) == 2
    tracker.reset()
    assert len(tracker.update(dets())) == 0


@pytest.mark.model
def test_real_pedestrians_on_vtest_get_stable_ids(detector):
    (clip,) = need_shared("media/vtest.avi")
    tracker = ObjectTracker(frame_rate=10)
    ids = []
    for image in read_frames(clip, 0, 30):
        found = detector.detect(image)
        tracks = tracker.update(found.select(found.label == "person"))
        ids.append(set(tracks.track_id.tolist()))
    persistent = set.intersection(*ids[5:20])
    assert len(persistent) >= 2  # the same people keep their ids for 1.5 s
