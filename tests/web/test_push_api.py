"""The push API behind the /push page: key, subscribe/unsubscribe, snooze; clear 400s for bad input."""

import pytest

from camfilter.sinks.push_store import PushStore
from camfilter.sinks.targets import PushSetup
from camfilter.sinks.vapid import load_or_create
from camfilter.web import create_app
from tests.peers.push_service import BrowserKeys
from tests.web.test_api import StaticRuntime

NOW = 1_800_000_000.0


@pytest.fixture
def push(tmp_path):
    return PushSetup(PushStore(tmp_path), load_or_create(tmp_path))


@pytest.fixture
def client(store, push):
    return create_app(StaticRuntime(), store, push=push, clock=lambda: NOW, testing=True).test_client()


def subscription(endpoint="https://push.example.net/send/abc"):
    keys = BrowserKeys()
    return {"endpoint": endpoint, "keys": {"p256dh": keys.p256dh, "auth": keys.auth}}


def test_subscribe_unsubscribe_cycle(client, push):
    assert client.get("/api/push/key").json == {"public_key": push.keys.public_key, "subscriptions": 0}
    sub = subscription()
    assert client.post("/api/push/subscriptions", json=sub).status_code == 201
    assert client.post("/api/push/subscriptions", json=sub).status_code == 200  # same browser again
    assert [s.endpoint for s in push.store.subscriptions()] == [sub["endpoint"]]
    assert client.post("/api/push/unsubscribe", json={"endpoint": sub["endpoint"]}).json == {"removed": True}
    assert push.store.count() == 0


def test_snooze_and_wake(client, push):
    answer = client.put("/api/push/snoozes/front", json={"minutes": 30})
    assert answer.json == {"camera": "front", "until": NOW + 1800}
    assert client.get("/api/push/snoozes").json == {"snoozes": {"front": NOW + 1800}}
    assert client.delete("/api/push/snoozes/front").json == {"removed": True}
    assert client.get("/api/push/snoozes").json == {"snoozes": {}}


@pytest.mark.parametrize("body, words", [
    (None, "JSON object"), ({"endpoint": "ftp://x/y", "keys": {}}, "endpoint"),
    ({"endpoint": "https://p.example/x"}, "keys must be"),
    ({"endpoint": "https://p.example/x", "keys": {"p256dh": "AAAA", "auth": "AAAA"}}, "keys.p256dh"),
])
def test_bad_subscription_is_400(client, body, words):
    answer = client.post("/api/push/subscriptions", json=body) if body else client.post("/api/push/subscriptions", data="x")
    assert answer.status_code == 400 and words in answer.json["error"]


@pytest.mark.parametrize("minutes", [0, -5, 20000, "10", True, None])
def test_bad_snooze_is_400(client, minutes):
    answer = client.put("/api/push/snoozes/front", json={"minutes": minutes})
    assert answer.status_code == 400 and "minutes" in answer.json["error"]


def test_push_off_is_503_and_pages_say_so(store):
    client = create_app(StaticRuntime(), store, testing=True).test_client()
    assert client.get("/api/push/key").status_code == 503
    assert "sinks.webpush" in client.get("/push").get_data(as_text=True)


def test_event_page_shows_the_snapshot_and_reason(client):
    page = client.get("/event/1").get_data(as_text=True)
    assert "person confirmed" in page and "/api/decisions/1/snapshot" in page
    assert client.get("/event/99").status_code == 404
