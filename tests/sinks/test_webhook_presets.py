"""Signed webhooks and NVR presets (Blue Iris trigger URL, Synology webhook) against a real HTTP receiver."""

import hashlib
import hmac
import json
import logging
import time

import pytest

from camfilter.cli import _RedactingFilter
from camfilter.config import ConfigError, WebhookSettings, load_settings
from camfilter.sinks.dispatch import Backoff, Dispatcher
from camfilter.sinks.outbox import Outbox
from camfilter.sinks.webhook import WebhookTarget
from tests.receiver import WebhookReceiver
from tests.sinks.test_webhook import payload

SECRET, BI_PASSWORD = "hook-s3cret", "bi-p@ss&word"


@pytest.fixture
def receiver():
    r = WebhookReceiver()
    yield r
    r.close()


def deliver(tmp_path, *hooks: WebhookSettings, body=None) -> Dispatcher:
    dispatcher = Dispatcher([WebhookTarget(h) for h in hooks], Outbox(tmp_path), Backoff(0.1, 0.3))
    dispatcher.start()
    body = body or payload()
    dispatcher.submit(body["id"], "new", body, None)
    return dispatcher


def test_body_is_signed_with_hmac_sha256(receiver, tmp_path):
    dispatcher = deliver(tmp_path, WebhookSettings(url=receiver.url, secret=SECRET))
    assert receiver.wait_received(1, 5)
    dispatcher.stop()
    got = receiver.received[0]
    expected = hmac.new(SECRET.encode(), got.body, hashlib.sha256).hexdigest()
    assert got.headers["X-Camfilter-Signature"] == f"sha256={expected}"
    assert got.headers["Idempotency-Key"] == "camfilter-7" and json.loads(got.body)["id"] == 7
    wrong = hmac.new(b"other", got.body, hashlib.sha256).hexdigest()
    assert got.headers["X-Camfilter-Signature"] != f"sha256={wrong}"


def test_blue_iris_trigger_url_with_camera_map_and_no_password_in_logs(receiver, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    base = f"http://127.0.0.1:{receiver.port}"
    hook = WebhookSettings(url=base, preset="blue_iris", username="camfilter", password=BI_PASSWORD,
                           cameras={"front": "FrontDoor"})
    dispatcher = deliver(tmp_path, hook)
    assert receiver.wait_received(1, 5)
    dispatcher.stop()
    got = receiver.received[0]
    assert got.method == "GET" and got.body == b""
    assert got.path == "/admin?camera=FrontDoor&trigger&user=camfilter&pw=bi-p%40ss%26word"
    assert got.headers["Idempotency-Key"] == "camfilter-7"
    shown = "\n".join(_through_cli_filter(r) for r in caplog.records)
    assert BI_PASSWORD not in shown and "bi-p%40ss" not in shown


def test_blue_iris_down_logs_retries_without_credentials(tmp_path, caplog):
    hook = WebhookSettings(url="http://127.0.0.1:9", preset="blue_iris", username="u", password=BI_PASSWORD,
                           timeout_s=1)
    dispatcher = deliver(tmp_path, hook)
    deadline = time.monotonic() + 10
    while "attempt 2 " not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)
    dispatcher.stop()
    assert "attempt 2 " in caplog.text and "http://127.0.0.1:9/admin?***" in caplog.text
    assert "bi-p" not in caplog.text


def test_synology_webhook_posts_its_json_body(receiver, tmp_path):
    url = receiver.url + '?api=SYNO.SurveillanceStation.Webhook&method="Incoming"&version=1&token=tok123'
    dispatcher = deliver(tmp_path, WebhookSettings(url=url, preset="synology", cameras={"front": "Cam-1"}))
    assert receiver.wait_received(1, 5)
    dispatcher.stop()
    got = receiver.received[0]
    assert got.method == "POST" and "token=tok123" in got.path
    assert json.loads(got.body) == {"camera": "Cam-1", "verdict": "alert", "label": "person",
                                    "reason": "person confirmed", "id": "7",
                                    "snapshot_url": "http://127.0.0.1:5000/api/decisions/7/snapshot"}


def test_custom_template_escapes_values(receiver, tmp_path):
    body = payload()
    body["reason"] = 'said "hi"\n'
    hook = WebhookSettings(url=receiver.url + "/{camera}", method="PUT", body='{"text": "{camera}: {reason}"}')
    dispatcher = deliver(tmp_path, hook, body=body)
    assert receiver.wait_received(1, 5)
    dispatcher.stop()
    got = receiver.received[0]
    assert got.method == "PUT" and got.path == "/hook/front"
    assert json.loads(got.body) == {"text": 'front: said "hi"\n'}


def test_unknown_placeholder_is_a_config_error_with_its_line():
    text = "sinks:\n  webhooks:\n    - url: http://bi/admin?camera={cam}\n"
    with pytest.raises(ConfigError) as err:
        load_settings(text, {})
    assert "<config>:3: sinks.webhooks.0.url" in str(err.value) and "unknown placeholder {cam}" in str(err.value)


def test_urllib3_request_lines_are_redacted_by_the_cli_filter():
    record = logging.LogRecord("urllib3", logging.DEBUG, "", 0, '%s "GET %s HTTP/1.1" 200', (
        "http://bi:81", "/admin?camera=x&trigger&user=u&pw=secret1"), None)
    assert "secret1" not in _through_cli_filter(record) and "pw=***" in _through_cli_filter(record)


def _through_cli_filter(record: logging.LogRecord) -> str:
    _RedactingFilter().filter(record)
    return record.getMessage()
