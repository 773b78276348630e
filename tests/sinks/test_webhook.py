import pytest

from camfilter.config import WebhookSettings
from camfilter.events import Decision
from camfilter.sinks import decision_payload
from camfilter.sinks.webhook import WebhookDispatcher, WebhookSink
from tests.receiver import WebhookReceiver


@pytest.fixture
def receiver():
    r = WebhookReceiver()
    yield r
    r.close()


def payload(row_id=7, verdict="alert"):
    d = Decision("front", 1, verdict, "person", "person confirmed", 1.25, 6.5, 0.8123, 1_700_000_000.5, True)
    return decision_payload(d, row_id, "front.mp4", "/data/x.jpg", "http://127.0.0.1:5000/api/decisions/7/snapshot")


def test_payload_is_the_replay_record_plus_id_time_and_link():
    body = payload()
    assert body == {"id": 7, "source": "front.mp4", "camera": "front", "verdict": "alert", "label": "person",
                    "reason": "person confirmed", "start_s": 1.25, "end_s": 6.5, "score": 0.812,
                    "snapshot": "/data/x.jpg", "started_at": "2023-11-14T22:13:20.500Z",
                    "snapshot_url": "http://127.0.0.1:5000/api/decisions/7/snapshot"}


def test_alert_is_posted_with_idempotency_key(receiver):
    dispatcher = WebhookDispatcher([WebhookSink(WebhookSettings(url=receiver.url))])
    dispatcher.start()
    dispatcher.submit(payload())
    dispatcher.submit(payload(8, "suppressed"))  # default: only alerts go out
    assert receiver.wait_for(lambda reqs: len(reqs) == 1, 5)
    dispatcher.stop()
    assert receiver.requests[0]["id"] == 7 and receiver.headers[0]["Idempotency-Key"] == "camfilter-7"
    assert len(receiver.requests) == 1


def test_failing_target_is_retried_then_delivered_once():
    receiver = WebhookReceiver(fail_first=2)
    try:
        dispatcher = WebhookDispatcher([WebhookSink(WebhookSettings(url=receiver.url, retries=3))])
        dispatcher.start()
        dispatcher.submit(payload())
        assert receiver.wait_for(lambda reqs: len(reqs) == 1, 10)
        dispatcher.stop()
        assert dispatcher.delivered == 1 and dispatcher.failed == 0 and len(receiver.requests) == 1
    finally:
        receiver.close()


def test_dead_target_gives_up_after_retries_without_blocking(caplog):
    dispatcher = WebhookDispatcher([WebhookSink(WebhookSettings(url="http://user:pw@127.0.0.1:9/x", retries=1,
                                                                timeout_s=1))])
    dispatcher.start()
    dispatcher.submit(payload())
    dispatcher.stop(timeout=10)
    assert dispatcher.failed == 1
    assert "attempt 2 failed" in caplog.text and ":pw@" not in caplog.text
