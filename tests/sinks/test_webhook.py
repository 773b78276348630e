import pytest

from camfilter.config import WebhookSettings
from camfilter.events import Decision
from camfilter.sinks import decision_payload
from camfilter.sinks.dispatch import Backoff, Dispatcher
from camfilter.sinks.outbox import Outbox
from camfilter.sinks.webhook import WebhookTarget
from tests.receiver import WebhookReceiver
from tests.polling import wait_until

FAST = Backoff(first_s=0.1, max_s=0.4)


@pytest.fixture
def receiver():
    r = WebhookReceiver()
    yield r
    r.close()


def payload(row_id=7, verdict="alert"):
    d = Decision("front", 1, verdict, "person", "person confirmed", 1.25, 6.5, 0.8123, 1_700_000_000.5, True)
    return decision_payload(d, row_id, "front.mp4", "/data/x.jpg", "http://127.0.0.1:5000/api/decisions/7/snapshot")


def dispatcher_for(tmp_path, *hooks: WebhookSettings) -> Dispatcher:
    return Dispatcher([WebhookTarget(h) for h in hooks], Outbox(tmp_path), FAST)


def submit(dispatcher, body):
    return dispatcher.submit(body["id"], "new", body, None)


def test_payload_is_the_replay_record_plus_id_time_and_link():
    body = payload()
    assert body == {"id": 7, "source": "front.mp4", "camera": "front", "verdict": "alert", "label": "person",
                    "reason": "person confirmed", "start_s": 1.25, "end_s": 6.5, "score": 0.812,
                    "snapshot": "/data/x.jpg", "started_at": "2023-11-14T22:13:20.500Z",
                    "snapshot_url": "http://127.0.0.1:5000/api/decisions/7/snapshot", "count": 0}


def test_alert_is_posted_with_idempotency_key(receiver, tmp_path):
    dispatcher = dispatcher_for(tmp_path, WebhookSettings(url=receiver.url))
    dispatcher.start()
    assert submit(dispatcher, payload()) == 1
    assert submit(dispatcher, payload(8, "suppressed")) == 0  # default: only alerts go out
    assert receiver.wait_for(lambda reqs: len(reqs) == 1, 5)
    dispatcher.stop()
    assert receiver.requests[0]["id"] == 7 and receiver.headers[0]["Idempotency-Key"] == "camfilter-7"
    assert len(receiver.requests) == 1


def test_failing_target_is_retried_then_delivered_once(tmp_path):
    receiver = WebhookReceiver(fail_first=2)
    try:
        dispatcher = dispatcher_for(tmp_path, WebhookSettings(url=receiver.url))
        dispatcher.start()
        submit(dispatcher, payload())
        assert receiver.wait_for(lambda reqs: len(reqs) == 1, 10)
        dispatcher.stop()
        assert list(dispatcher.counts().values()) == [{"pending": 0, "delivered": 1, "failed": 0}]
        assert len(receiver.requests) == 1 and receiver.fail_first == 0
    finally:
        receiver.close()


def test_dead_target_keeps_the_event_and_logs_without_the_password(tmp_path, caplog):
    dispatcher = dispatcher_for(tmp_path, WebhookSettings(url="http://user:pw@127.0.0.1:9/x", timeout_s=1))
    dispatcher.start()
    submit(dispatcher, payload())
    assert wait_until(lambda: "attempt 3 " in caplog.text, 10)
    dispatcher.stop()
    assert list(dispatcher.counts().values()) == [{"pending": 1, "delivered": 0, "failed": 0}]
    assert ":pw@" not in caplog.text and "***@127.0.0.1:9" in caplog.text


def test_a_refusing_target_fails_the_row_at_once_and_the_next_goes_on(tmp_path):
    receiver = WebhookReceiver(status=422)
    try:
        dispatcher = dispatcher_for(tmp_path, WebhookSettings(url=receiver.url))
        dispatcher.start()
        submit(dispatcher, payload(1))
        submit(dispatcher, payload(2))
        assert receiver.wait_received(2, 5)
        assert wait_until(lambda: list(dispatcher.counts().values())[0]["failed"] == 2, 5)
        dispatcher.stop()
        assert len(receiver.received) == 2  # no retries for an answer that will not change
    finally:
        receiver.close()

