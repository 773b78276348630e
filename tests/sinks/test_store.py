import errno
import os
from pathlib import Path

import numpy as np
from PIL import Image

from camfilter.events import Decision, Marked
from camfilter.sinks.store import DecisionStore

IMAGE = np.full((120, 160, 3), 90, np.uint8)


def decision(verdict="alert", final=True, started_at=1_700_000_000.0, camera="front", episode=1):
    return Decision(camera, episode, verdict, "person", "person confirmed", 1.0, 4.5, 0.81, started_at, final,
                    (Marked((10, 10, 50, 100), "person", 0.81),), IMAGE)


def test_decision_and_snapshot_are_stored(tmp_path):
    store = DecisionStore(tmp_path)
    row_id = store.add(decision(), "rtsp://***@cam/x", 1_700_000_005.0)
    row = store.get(row_id)
    assert row["verdict"] == "alert" and row["reason"] == "person confirmed" and row["score"] == 0.81
    picture = Image.open(row["snapshot"])
    assert picture.format == "JPEG" and picture.size == (160, 120)
    red = np.asarray(picture.convert("RGB"))[50, 10]
    assert red[0] > 150 and red[1] < 100  # the person box is drawn in red


def test_mid_episode_alert_is_finalised_with_its_real_end(tmp_path):
    store = DecisionStore(tmp_path)
    row_id = store.add(decision(final=False), "cam", 0)
    store.finalise(row_id, 9.5)
    assert store.get(row_id)["end_s"] == 9.5 and store.get(row_id)["final"] == 1


def test_recent_filters_by_camera_and_verdict(tmp_path):
    store = DecisionStore(tmp_path)
    store.add(decision("alert", camera="front"), "s", 0)
    store.add(decision("suppressed", camera="front"), "s", 0)
    store.add(decision("alert", camera="back"), "s", 0)
    assert len(store.recent()) == 3
    assert [r["camera"] for r in store.recent(camera="back")] == ["back"]
    assert {r["verdict"] for r in store.recent(verdict="suppressed")} == {"suppressed"}


def test_decisions_survive_a_restart(tmp_path):
    DecisionStore(tmp_path).add(decision(), "s", 0)
    assert len(DecisionStore(tmp_path).recent()) == 1


def test_retention_by_age_and_size(tmp_path):
    store = DecisionStore(tmp_path)
    now = 1_800_000_000.0
    old = store.add(decision(started_at=now - 40 * 86400), "s", 0)
    kept = [store.add(decision(started_at=now - i), "s", 0) for i in range(5)]
    old_snapshot = Path(store.get(old)["snapshot"])
    for i, row_id in enumerate(kept):
        os.utime(store.get(row_id)["snapshot"], (now - 100 + i, now - 100 + i))
    size = Path(store.get(kept[0])["snapshot"]).stat().st_size
    store.prune(now, retention_days=30, max_size_mb=(2.5 * size) / (1024 * 1024))
    assert store.get(old) is None and not old_snapshot.exists()
    snapshots = [store.get(r)["snapshot"] for r in kept]
    assert snapshots[:3] == [None, None, None] and all(snapshots[3:])  # oldest pictures go first


def test_full_disk_keeps_the_decision_without_its_picture(tmp_path, monkeypatch, caplog):
    store = DecisionStore(tmp_path)

    def no_space(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", no_space)
    row_id = store.add(decision(), "s", 0)
    assert store.get(row_id)["verdict"] == "alert" and store.get(row_id)["snapshot"] is None
    assert "No space left" in caplog.text
