"""MQTT against a real mosquitto on a free port: Frigate-style topics, HA discovery, will, broker outages."""

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from camfilter.config import MqttSettings, SinkSettings
from camfilter.events import Decision, Marked
from tests.conftest import ROOT
from tests.polling import free_port, wait_until
from tests.runs import start_run, stop_run
from tests.peers.mqtt import Mosquitto, Subscriber, mosquitto_missing


@pytest.fixture
def broker(tmp_path):
    reason = mosquitto_missing()
    if reason:
        pytest.skip(reason)
    b = Mosquitto(tmp_path / "broker", free_port()).start()
    yield b
    b.stop()


def alert(episode: int, final: bool = False, people: int = 2) -> Decision:
    boxes = tuple(Marked((10 + 30 * i, 10, 35 + 30 * i, 60), "person", 0.9) for i in range(people))
    return Decision("front", episode, "alert", "person", "person confirmed", 1.0, 3.5, 0.9, 1_700_000_000.0, final,
                    boxes, np.full((60, 160, 3), 80, np.uint8))


def start_mqtt_run(folder, port, **mqtt):
    sinks = SinkSettings(mqtt=MqttSettings(host="127.0.0.1", port=port, **mqtt),
                         outbox={"first_retry_s": 0.2, "max_retry_s": 1.0})
    return start_run(folder, sinks, cameras=("front", "back"))




def events(sub):
    return [json.loads(p) for p in sub.on("camfilter/events")]


def test_event_lifecycle_counts_snapshot_discovery_and_availability(broker, tmp_path):
    sub = Subscriber(broker.port, ["camfilter/#", "homeassistant/#"])
    runtime, store = start_mqtt_run(tmp_path / "data", broker.port)
    try:
        assert sub.wait(lambda s: s.on("camfilter/available") == [b"online"], 5)
        runtime.handle_decision("front.mp4", alert(1))            # alert mid-episode
        runtime.handle_decision("front.mp4", alert(1, final=True))  # the episode ends
        assert sub.wait(lambda s: len(events(s)) == 2, 5)
        new, end = events(sub)
        assert new["type"] == "new" and end["type"] == "end"
        assert new["after"]["id"] == "camfilter-1" and new["after"]["camera"] == "front"
        assert new["after"]["label"] == "person" and new["after"]["end_time"] is None
        assert new["after"]["false_positive"] is False and new["after"]["has_snapshot"] is True
        assert end["before"]["end_time"] is None and end["after"]["end_time"] == pytest.approx(1_700_000_002.5)
        assert sub.on("camfilter/front/person") == [b"2", b"0"]
        (jpeg,) = sub.on("camfilter/front/snapshot")
        assert jpeg[:2] == b"\xff\xd8" and jpeg == open(store.get(1)["snapshot"], "rb").read()
        config = json.loads(sub.on("homeassistant/binary_sensor/camfilter_back_person/config")[0])
        assert config["state_topic"] == "camfilter/back/person" and config["device_class"] == "occupancy"
        assert config["availability_topic"] == "camfilter/available"
        camera = json.loads(sub.on("homeassistant/camera/camfilter_front_snapshot/config")[0])
        assert camera["topic"] == "camfilter/front/snapshot"
    finally:
        stop_run(runtime, store)
    assert sub.wait(lambda s: s.on("camfilter/available")[-1:] == [b"offline"], 5)  # clean stop says offline
    late = Subscriber(broker.port, ["camfilter/#"])  # retained: what a new client sees at once
    assert late.wait(lambda s: s.on("camfilter/front/person") == [b"0"] and s.on("camfilter/front/snapshot"), 5)
    late.close()
    sub.close()


def test_broker_down_then_back_loses_nothing_and_logs_retries(broker, tmp_path, caplog):
    sub = Subscriber(broker.port, ["camfilter/events"], client_id="test-persistent")
    runtime, store = start_mqtt_run(tmp_path / "data", broker.port, keepalive_s=5)
    try:
        assert sub.wait(lambda s: True, 0.1) and _connected(runtime)
        broker.stop()
        for episode in range(1, 4):
            runtime.handle_decision("front.mp4", alert(episode, final=True))
        time.sleep(2.0)
        assert "not connected" in caplog.text and "lost" in caplog.text
        assert runtime.dispatcher.counts()["mqtt"]["pending"] == 6
        broker.start()
        assert sub.wait(lambda s: len(events(s)) >= 6, 40), caplog.text[-2000:]
        time.sleep(1.0)
        got = [(e["type"], e["after"]["id"]) for e in events(sub)]
        assert got == [(t, f"camfilter-{i}") for i in (1, 2, 3) for t in ("new", "end")]  # once, in order
    finally:
        stop_run(runtime, store)
        sub.close()


def test_run_flag_and_last_will_when_the_process_dies(broker, tmp_path):
    sub = Subscriber(broker.port, ["camfilter/available"])
    env = {**os.environ, "YOLO_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "camfilter", "run", "--mqtt", f"127.0.0.1:{broker.port}",
                             "--data", str(tmp_path / "data"), "--listen", f"127.0.0.1:{free_port()}"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert sub.wait(lambda s: s.on("camfilter/available")[-1:] == [b"online"], 20)
    finally:
        proc.send_signal(signal.SIGKILL)  # no clean stop: the broker must publish the will
        proc.communicate(timeout=10)
    assert sub.wait(lambda s: s.on("camfilter/available")[-1:] == [b"offline"], 10)
    sub.close()


def _connected(runtime) -> bool:
    deadline = time.monotonic() + 5
    target = next(iter(runtime.dispatcher.workers.values())).target
    while time.monotonic() < deadline:
        if target.connected:
            return True
        time.sleep(0.05)
    return False


def test_refusing_broker_is_logged_and_events_wait_for_a_run_that_may_connect(tmp_path, caplog):
    if mosquitto_missing():
        pytest.skip(mosquitto_missing())
    broker = Mosquitto(tmp_path / "broker", free_port(), users={"camfilter": "right-pw"}).start()
    try:
        first, store = start_mqtt_run(tmp_path / "data", broker.port, username="camfilter", password="wrong-pw")
        first.handle_decision("front.mp4", alert(1, final=True))
        time.sleep(2.0)
        stop_run(first, store)
        assert "refused the connection" in caplog.text and "not connected" in caplog.text
        assert "wrong-pw" not in caplog.text

        second, store = start_mqtt_run(tmp_path / "data", broker.port, username="camfilter", password="right-pw")
        target = next(iter(second.dispatcher.workers.values())).target
        try:
            assert wait_until(lambda: second.dispatcher.counts()[target.name]["delivered"] == 2, 10)  # new + end
        finally:
            stop_run(second, store)
        assert "right-pw" not in caplog.text
    finally:
        broker.stop()

