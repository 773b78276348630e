import numpy as np
import pytest

from camfilter.events import Decision, Marked
from camfilter.sinks.store import DecisionStore
from camfilter.web import create_app


class StaticRuntime:
    def status(self):
        return [{"camera": "front", "url": "rtsp://***@cam/x", "state": "streaming", "fps": 10.0,
                 "last_frame_age_s": 0.1, "frames": 50, "dropped": 0, "reconnects": 1, "error": None,
                 "detector_ms": 38.2, "decisions": 2}]


@pytest.fixture
def store(tmp_path):
    s = DecisionStore(tmp_path)
    image = np.zeros((60, 80, 3), np.uint8)
    s.add(Decision("front", 1, "alert", "person", "person confirmed", 0, 3, 0.9, 1e9, True,
                   (Marked((1, 1, 20, 40), "person", 0.9),), image), "s", 1e9)
    s.add(Decision("front", 2, "suppressed", "cat", "cat, not person", 5, 8, 0.6, 1e9 + 5, True), "s", 1e9)
    return s


@pytest.fixture
def client(store):
    return create_app(StaticRuntime(), store, testing=True).test_client()


def test_health_and_status(client):
    assert client.get("/api/health").json == {"ok": True, "cameras": 1, "streaming": 1}
    assert client.get("/api/status").json["cameras"][0]["detector_ms"] == 38.2


def test_decisions_filter_and_snapshot(client):
    rows = client.get("/api/decisions").json["decisions"]
    assert [r["verdict"] for r in rows] == ["suppressed", "alert"]
    assert client.get("/api/decisions?verdict=alert").json["decisions"][0]["reason"] == "person confirmed"
    assert client.get("/api/decisions?limit=0").status_code == 400
    answer = client.get(f"/api/decisions/{rows[1]['id']}/snapshot")
    assert answer.status_code == 200 and answer.data[:2] == b"\xff\xd8"
    assert client.get(f"/api/decisions/{rows[0]['id']}/snapshot").status_code == 404  # no picture
    assert client.get("/api/decisions/999").status_code == 404


def test_status_page_lists_cameras_and_reasons(client):
    page = client.get("/").data.decode()
    assert "front" in page and "cat, not person" in page and "streaming" in page
