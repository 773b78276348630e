"""The durable outbox against a real HTTP receiver that is down, then up, with restarts in between."""

import time

import numpy as np

from camfilter.config import SinkSettings, WebhookSettings
from camfilter.events import Decision, Marked
from camfilter.sinks.dispatch import Backoff
from camfilter.sinks.outbox import Outbox
from tests.polling import free_port
from tests.runs import start_run, stop_run
from tests.receiver import WebhookReceiver


def sinks(url: str) -> SinkSettings:
    return SinkSettings(webhooks=(WebhookSettings(url=url, name="nvr"),),
                        outbox={"first_retry_s": 0.1, "max_retry_s": 0.5})


def alert(episode: int, final: bool = True) -> Decision:
    return Decision("front", episode, "alert", "person", "person confirmed", 0.0, 2.0, 0.9, time.time() - 2, final,
                    (Marked((1, 1, 20, 40), "person", 0.9),), np.zeros((60, 80, 3), np.uint8))


def start_webhook_run(folder, url):
    return start_run(folder, sinks(url))




def test_backoff_doubles_and_is_capped():
    assert [Backoff(1, 8).delay(n) for n in range(1, 7)] == [1, 2, 4, 8, 8, 8]


def test_same_decision_is_queued_once(tmp_path):
    outbox = Outbox(tmp_path)
    assert outbox.add(1, "nvr", "new", {"id": 1}, None, 0.0)
    assert not outbox.add(1, "nvr", "new", {"id": 1}, None, 1.0)
    assert outbox.counts("nvr")["pending"] == 1


def test_receiver_down_then_up_gets_every_event_exactly_once(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    runtime, store = start_webhook_run(tmp_path, url)
    receiver = None
    try:
        for episode in range(1, 6):
            runtime.handle_decision("front.mp4", alert(episode))
        time.sleep(1.5)  # several refused attempts, backoff grows to its 0.5 s cap
        assert runtime.dispatcher.counts()["nvr"] == {"pending": 5, "delivered": 0, "failed": 0}
        receiver = WebhookReceiver(port=port)
        up = time.monotonic()
        assert receiver.wait_for(lambda reqs: len(reqs) == 5, 10)
        print(f"\nredelivery: 5 events {time.monotonic() - up:.2f} s after the receiver came up")
        time.sleep(1.0)
        assert [r["id"] for r in receiver.requests] == [1, 2, 3, 4, 5]  # in order, once each
        assert [h["Idempotency-Key"] for h in receiver.headers] == [f"camfilter-{i}" for i in range(1, 6)]
        assert runtime.dispatcher.counts()["nvr"] == {"pending": 0, "delivered": 5, "failed": 0}
    finally:
        stop_run(runtime, store)
        if receiver:
            receiver.close()


def test_events_queued_before_a_restart_arrive_exactly_once_after_it(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    first, store = start_webhook_run(tmp_path, url)
    for episode in range(1, 4):
        first.handle_decision("front.mp4", alert(episode))
    time.sleep(0.5)
    stop_run(first, store)  # `run` stopped with three events undelivered

    receiver = WebhookReceiver(port=port)
    second, store = start_webhook_run(tmp_path, url)  # a new `run` on the same data folder
    try:
        second.handle_decision("front.mp4", alert(4))
        assert receiver.wait_for(lambda reqs: len(reqs) == 4, 10)
        time.sleep(1.0)
        assert sorted(r["id"] for r in receiver.requests) == [1, 2, 3, 4]
        assert second.dispatcher.counts()["nvr"] == {"pending": 0, "delivered": 4, "failed": 0}
    finally:
        stop_run(second, store)

    third, store = start_webhook_run(tmp_path, url)  # and nothing is sent twice by a later run
    time.sleep(1.0)
    stop_run(third, store)
    receiver.close()
    assert len(receiver.requests) == 4


def test_mid_episode_alert_is_sent_once_and_its_end_only_to_targets_that_want_it(tmp_path):
    receiver = WebhookReceiver()
    runtime, store = start_webhook_run(tmp_path, receiver.url)
    try:
        runtime.handle_decision("front.mp4", alert(1, final=False))
        runtime.handle_decision("front.mp4", alert(1, final=True))  # the episode ends
        assert receiver.wait_for(lambda reqs: len(reqs) == 1, 5)
        time.sleep(0.5)
        assert len(receiver.requests) == 1 and store.get(1)["final"] == 1
        assert len(store.recent()) == 1
    finally:
        stop_run(runtime, store)
        receiver.close()


def test_finished_rows_are_pruned_pending_ones_kept(tmp_path):
    outbox = Outbox(tmp_path)
    for decision_id in (1, 2, 3):
        outbox.add(decision_id, "nvr", "new", {"id": decision_id}, None, 100.0)
    outbox.delivered(1, 101.0)
    outbox.failed(2, "HTTP 400")
    assert outbox.prune(before=200.0) == 2
    assert outbox.counts("nvr") == {"pending": 1, "delivered": 0, "failed": 0}
    assert outbox.prune(before=50.0) == 0
