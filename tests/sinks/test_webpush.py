"""Web Push with VAPID against a local push service that verifies the JWT and decrypts with http_ece."""

import datetime as dt
import json
import os
import stat
import time

import pytest

from camfilter.config import WebPushSettings
from camfilter.sinks.dispatch import Backoff, Dispatcher
from camfilter.sinks.outbox import Outbox
from camfilter.sinks.push_policy import in_quiet_hours, push_refusal
from camfilter.sinks.push_store import PushStore
from camfilter.sinks.targets import PushSetup
from camfilter.sinks.vapid import load_or_create
from camfilter.sinks.webpush import WebPushTarget
from tests.peers.push_service import BrowserKeys, PushService

NOON = lambda ts: dt.time(12, 0)  # noqa: E731 - a fixed local time for the quiet-hours rule


@pytest.fixture
def service():
    s = PushService()
    yield s
    s.close()


def payload(decision_id=1, camera="front"):
    return {"id": decision_id, "camera": camera, "verdict": "alert", "label": "person",
            "reason": "person confirmed", "snapshot": "/data/x.jpg"}


class Rig:
    """A push target with its store, keys and outbox on a temp data folder."""

    def __init__(self, folder, settings=WebPushSettings(), local_time=NOON):
        self.store = PushStore(folder)
        self.setup = PushSetup(self.store, load_or_create(folder))
        self.target = WebPushTarget(settings, self.store, self.setup.keys, time.time, local_time)
        self.dispatcher = Dispatcher([self.target], Outbox(folder), Backoff(0.1, 0.3))
        self.dispatcher.start()

    def subscribe(self, subscription: dict):
        self.store.subscribe(subscription["endpoint"], subscription["keys"]["p256dh"],
                             subscription["keys"]["auth"], time.time())

    def submit(self, body: dict) -> int:
        return self.dispatcher.submit(body["id"], "new", body, body.get("snapshot"))

    def stop(self):
        self.dispatcher.stop()


def test_keys_are_made_once_and_private(tmp_path):
    first = load_or_create(tmp_path)
    assert stat.S_IMODE(os.stat(first.private_pem).st_mode) == 0o600
    assert load_or_create(tmp_path) == first and len(first.public_key) == 87  # 65 bytes, base64url


def test_each_subscription_gets_the_encrypted_alert_once(tmp_path, service):
    rig = Rig(tmp_path, WebPushSettings(subject="mailto:owner@example.com", ttl_s=600))
    phone, laptop = BrowserKeys(), BrowserKeys()
    rig.subscribe(service.subscription("phone", phone))
    rig.subscribe(service.subscription("laptop", laptop))
    try:
        assert rig.submit(payload()) == 1
        assert service.wait(2, 10)
        time.sleep(0.3)
    finally:
        rig.stop()
    assert len(service.pushes) == 2 and not service.rejected
    by_path = {p.path: p for p in service.pushes}
    for name, keys in (("phone", phone), ("laptop", laptop)):
        push = by_path[f"/push/{name}"]
        assert push.headers["content-encoding"] == "aes128gcm" and push.headers["ttl"] == "600"
        assert push.claims["sub"] == "mailto:owner@example.com" and push.claims["aud"] == service.origin
        assert push.vapid_key == rig.setup.keys.public_key
        alert = json.loads(keys.decrypt(push.body))
        assert alert == {"title": "front: person", "body": "person confirmed", "url": "/event/1",
                         "tag": "camfilter-front", "id": 1, "camera": "front", "image": "/api/decisions/1/snapshot"}
    with pytest.raises(Exception):
        phone.decrypt(by_path["/push/laptop"].body)  # encrypted for each browser's own keys


def test_gone_subscription_is_removed_and_a_failing_one_retried_without_repeats(tmp_path, service):
    gone, flaky = PushService(status=410), PushService(status=503)
    rig = Rig(tmp_path)
    rig.subscribe(service.subscription("ok", BrowserKeys()))
    rig.subscribe(gone.subscription("old", BrowserKeys()))
    rig.subscribe(flaky.subscription("flaky", BrowserKeys()))
    try:
        rig.submit(payload())
        assert flaky.wait(2, 10)  # retried ...
        flaky.status = 201
        assert flaky.wait(3, 10)
        time.sleep(0.5)
        assert len(service.pushes) == 1 and len(gone.pushes) == 1  # ... while the others got it once
        assert [s.endpoint for s in rig.store.subscriptions()] == [service.origin + "/push/ok",
                                                                   flaky.origin + "/push/flaky"]
        assert rig.dispatcher.counts()["webpush"] == {"pending": 0, "delivered": 1, "failed": 0}
    finally:
        rig.stop()
        gone.close()
        flaky.close()


def test_snooze_and_cooldown_hold_pushes_back(tmp_path, service):
    settings = WebPushSettings(cooldown_s=60, cameras={"back": {"cooldown_s": 0}})
    rig = Rig(tmp_path, settings)
    rig.subscribe(service.subscription("phone", BrowserKeys()))
    try:
        assert rig.submit(payload(1)) == 1
        assert rig.submit(payload(2)) == 0  # same camera within its 60 s cooldown
        assert rig.submit(payload(3, "back")) == 1 and rig.submit(payload(4, "back")) == 1  # no cooldown there
        rig.store.snooze("back", time.time() + 600)
        assert rig.submit(payload(5, "back")) == 0
        rig.store.unsnooze("back")
        assert rig.submit(payload(6, "back")) == 1
        assert service.wait(4, 10)
    finally:
        rig.stop()


@pytest.mark.parametrize("spec, at, quiet", [
    ("22:00-07:00", "23:30", True), ("22:00-07:00", "06:59", True), ("22:00-07:00", "07:00", False),
    ("22:00-07:00", "12:00", False), ("09:00-17:00", "12:00", True), ("09:00-17:00", "17:00", False), (None, "03:00", False),
])
def test_quiet_hours(spec, at, quiet):
    assert in_quiet_hours(spec, dt.time.fromisoformat(at)) is quiet


def test_per_camera_quiet_hours_and_disable_win_over_the_global_ones():
    settings = WebPushSettings(quiet_hours="22:00-07:00", cameras={"garden": {"quiet_hours": "11:00-13:00"},
                                                                   "garage": {"enabled": False}})
    assert push_refusal(settings, "front", 0, None, None, NOON) is None
    assert push_refusal(settings, "garden", 0, None, None, NOON) == "quiet hours 11:00-13:00"
    assert push_refusal(settings, "garage", 0, None, None, NOON) == "push disabled for this camera"
    assert push_refusal(settings, "front", 0, None, None, lambda ts: dt.time(23)) == "quiet hours 22:00-07:00"
