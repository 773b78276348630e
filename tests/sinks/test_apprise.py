"""Apprise targets against a real local HTTP receiver (Apprise's json:// service), snapshot attached."""

import base64
import logging
import time

import numpy as np
import pytest

from camfilter.config import AppriseSettings, ConfigError, SinkSettings
from camfilter.events import Decision, Marked
from camfilter.sinks.targets import build_targets
from tests.polling import free_port
from tests.runs import start_run, stop_run
from tests.receiver import WebhookReceiver

TOKEN = "tok-9f8e7d"


def alert(episode=1) -> Decision:
    return Decision("front", episode, "alert", "person", "person confirmed", 0.0, 2.0, 0.87, time.time(), True,
                    (Marked((10, 10, 50, 100), "person", 0.87),), np.full((120, 160, 3), 90, np.uint8))


def start_apprise_run(folder, url, **apprise):
    sinks = SinkSettings(apprise=(AppriseSettings(url=url, name="phone", **apprise),),
                         outbox={"first_retry_s": 0.2, "max_retry_s": 0.5})
    return start_run(folder, sinks, public_url="http://cf.local")




def test_notification_with_title_body_and_snapshot(tmp_path):
    receiver = WebhookReceiver(status=200)
    runtime, store = start_apprise_run(tmp_path, f"json://127.0.0.1:{receiver.port}/notify/{TOKEN}",
                               title="{camera}: {label} ({verdict})", body="{reason}, {snapshot_url}")
    try:
        runtime.handle_decision("front.mp4", alert())
        assert receiver.wait_for(lambda reqs: len(reqs) == 1, 10)
        stored = open(store.get(1)["snapshot"], "rb").read()
    finally:
        stop_run(runtime, store)
        receiver.close()
    got = receiver.requests[0]
    assert got["title"] == "front: person (alert)"
    assert got["message"] == "person confirmed, http://cf.local/api/decisions/1/snapshot"
    (attachment,) = got["attachments"]
    jpeg = base64.b64decode(attachment["base64"])
    assert attachment["mimetype"] == "image/jpeg" and jpeg == stored
    assert receiver.received[0].path == f"/notify/{TOKEN}"


def test_service_down_then_up_gets_it_once_and_logs_keep_the_token_out(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    port = free_port()
    runtime, store = start_apprise_run(tmp_path, f"json://127.0.0.1:{port}/notify/{TOKEN}", attach_snapshot=False)
    receiver = None
    try:
        runtime.handle_decision("front.mp4", alert())
        time.sleep(1.0)
        assert "phone: attempt" in caplog.text
        receiver = WebhookReceiver(status=200, port=port)
        assert receiver.wait_for(lambda reqs: len(reqs) == 1, 10)
        time.sleep(0.5)
        assert len(receiver.requests) == 1 and receiver.requests[0]["attachments"] == []
    finally:
        stop_run(runtime, store)
        if receiver:
            receiver.close()
    camfilter_lines = [r.getMessage() for r in caplog.records if r.name.startswith("camfilter")]
    assert camfilter_lines and not any(TOKEN in line for line in camfilter_lines)


def test_unknown_apprise_scheme_is_a_config_error():
    with pytest.raises(ConfigError, match="sinks.apprise.0.url: Apprise does not understand this nope:// URL"):
        build_targets(SinkSettings(apprise=(AppriseSettings(url="nope://x"),)))
