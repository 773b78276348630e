import pytest

from camfilter.sinks.outbox import Outbox
from camfilter.web import create_app


class StaticRuntime:
    def status(self):
        return [{"camera": "front", "url": "rtsp://***@cam/x", "state": "streaming", "fps": 10.0,
                 "last_frame_age_s": 0.1, "frames": 50, "dropped": 0, "reconnects": 1, "error": None,
                 "detector_ms": 38.2, "decisions": 2}]


@pytest.fixture
def outbox(tmp_path):
    """Decision 1 went to two targets: the NVR got it 0.5 s after the decision, the phone never."""
    box = Outbox(tmp_path)
    box.add(1, "nvr", "new", {"id": 1}, None, 1e9 + 3.3)
    box.delivered(1, 1e9 + 3.75)
    box.add(1, "phone", "new", {"id": 1}, None, 1e9 + 3.3)
    box.retry_later(2, 1e9 + 10, "HTTP 503")
    return box


@pytest.fixture
def client(store, outbox):
    return create_app(StaticRuntime(), store, outbox=outbox, clock=lambda: 1e9 + 60, testing=True).test_client()


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


def test_decisions_by_time_range_epoch_or_iso(client):
    assert [r["episode"] for r in client.get("/api/decisions?since=1000000001").json["decisions"]] == [2]
    assert [r["episode"] for r in client.get("/api/decisions?until=1000000001").json["decisions"]] == [1]
    iso = "/api/decisions?since=2001-09-09T01:46:40Z&until=2001-09-09T01:46:41%2B00:00"
    assert [r["episode"] for r in client.get(iso).json["decisions"]] == [1]
    assert client.get("/api/decisions?camera=back").json["decisions"] == []


@pytest.mark.parametrize("query, words", [
    ("limit=x", "limit must be a whole number"), ("limit=5000", "between 1 and 1000"),
    ("verdict=maybe", "verdict must be"), ("since=yesterday", "epoch seconds or ISO 8601"),
    ("until=nan", "finite"), ("camera=a/b", "camera"), ("sort=id", "unknown query parameter 'sort'"),
])
def test_bad_query_is_a_400_that_says_why(client, query, words):
    answer = client.get(f"/api/decisions?{query}")
    assert answer.status_code == 400 and words in answer.json["error"]


def test_decision_detail_has_capture_decision_and_per_target_delivery_times(client):
    row = client.get("/api/decisions/1").json
    assert row["captured_at"] == 1e9 + 3 and row["decided_at"] == 1e9 + 3.25
    assert row["snapshot"] == "/api/decisions/1/snapshot"
    deliveries = {d["target"]: d for d in row["deliveries"]}
    assert deliveries["nvr"]["state"] == "delivered" and deliveries["nvr"]["delivered_at"] == 1e9 + 3.75
    assert deliveries["phone"] == {"target": "phone", "phase": "new", "state": "pending", "attempts": 1,
                                   "delivered_at": None, "last_error": "HTTP 503"}


def test_status_gives_latency_percentiles_and_outbox_counts(client):
    status = client.get("/api/status").json
    latency = status["latency"]
    assert latency["capture_to_decision_ms"] == {"n": 2, "p50": 250.0, "p90": 500.0, "p99": 500.0, "max": 500.0}
    assert latency["decision_to_delivered_ms"] == {"nvr": {"n": 1, "p50": 500.0, "p90": 500.0, "p99": 500.0,
                                                           "max": 500.0}}
    assert status["outbox"] == {"nvr": {"pending": 0, "delivered": 1, "failed": 0},
                                "phone": {"pending": 1, "delivered": 0, "failed": 0}}


def test_unknown_api_route_and_method_are_json(client):
    assert client.get("/api/nope").json == {"error": client.get("/api/nope").json["error"]}
    answer = client.post("/api/decisions")
    assert answer.status_code == 405 and "GET" in answer.headers["Allow"] and "error" in answer.json


def test_feedback_gives_per_camera_precision(client):
    rows = client.get("/api/decisions").json["decisions"]
    alert = next(r for r in rows if r["verdict"] == "alert")
    quiet = next(r for r in rows if r["verdict"] == "suppressed")
    answer = client.post(f"/api/decisions/{alert['id']}/feedback", json={"feedback": "false_alarm", "note": "my coat"})
    assert answer.status_code == 200 and answer.json["feedback"] == "false_alarm"
    assert client.post(f"/api/decisions/{quiet['id']}/feedback", json={"feedback": "missed"}).status_code == 200
    front = client.get("/api/feedback").json["cameras"]["front"]
    assert (front["alerts"], front["false_alarms"], front["precision"], front["missed"]) == (1, 1, 0.0, 1)
    assert client.post(f"/api/decisions/{alert['id']}/feedback", json={"feedback": "correct"}).status_code == 200
    assert client.get("/api/feedback").json["cameras"]["front"]["precision"] == 1.0


@pytest.mark.parametrize("body, status", [({"feedback": "maybe"}, 400), ({}, 400), ("text", 400),
                                          ({"feedback": "missed"}, 409), ({"feedback": "correct", "note": 5}, 400)])
def test_bad_feedback_is_a_clear_400(client, body, status):
    alert = next(r for r in client.get("/api/decisions").json["decisions"] if r["verdict"] == "alert")
    answer = client.post(f"/api/decisions/{alert['id']}/feedback", json=body)
    assert answer.status_code == status and "error" in answer.json


def test_feedback_on_unknown_decision_is_404(client):
    assert client.post("/api/decisions/999/feedback", json={"feedback": "correct"}).status_code == 404
