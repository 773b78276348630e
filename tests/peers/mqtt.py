"""Start and stop Debian's mosquitto on 127.0.0.1 (a free port), and a paho subscriber that records."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.polling import port_open, wait_until

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"


def mosquitto_missing() -> str | None:
    if not Path(MOSQUITTO).exists():
        return "mosquitto not installed (tests/peers/install.sh installs it)"
    return None


class Mosquitto:
    """A real broker. Persistence on, so a persistent subscriber's queue survives a broker restart."""

    def __init__(self, folder: Path, port: int, users: dict[str, str] | None = None):
        self.folder, self.port = folder, port
        self.process: subprocess.Popen | None = None
        folder.mkdir(parents=True, exist_ok=True)
        # Run as root, mosquitto switches to its own user, which cannot enter pytest's 0700 folders: stay.
        stay = "user root\n" if os.geteuid() == 0 else ""
        self.config = folder / "mosquitto.conf"
        access = "allow_anonymous true\n"
        if users:  # only these users may connect
            passwords = folder / "passwords"
            passwords.write_text("")
            for user, password in users.items():
                subprocess.run([shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd", "-b",
                                str(passwords), user, password], check=True, capture_output=True)
            access = f"allow_anonymous false\npassword_file {passwords}\n"
        self.config.write_text(f"listener {port} 127.0.0.1\n{stay}{access}persistence true\n"
                               f"persistence_location {folder}/\nautosave_interval 1\n")

    def start(self) -> Mosquitto:
        self.process = subprocess.Popen([MOSQUITTO, "-c", str(self.config)], stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        if wait_until(lambda: port_open(self.port) or self.process.poll() is not None, 5, 0.02):
            if self.process.poll() is None:
                return self
            pytest.fail(f"mosquitto exited: {self.process.stdout.read()}")
        pytest.fail("mosquitto port never opened")

    def stop(self) -> None:
        """SIGTERM: mosquitto saves its persistence file and closes every connection."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(5)


class Subscriber:
    """Records every message on `topics` (QoS 1). A persistent session when `client_id` is given."""

    def __init__(self, port: int, topics: list[str], client_id: str = ""):
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        self.messages: list[tuple[str, bytes, bool]] = []
        self._lock = threading.Lock()
        self._subscribed = threading.Event()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id,
                                  clean_session=not client_id)
        self.client.reconnect_delay_set(1, 1)
        self.client.on_connect = lambda c, u, f, rc, p: c.subscribe([(t, 1) for t in topics])
        self.client.on_subscribe = lambda *args: self._subscribed.set()
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", port, keepalive=5)
        self.client.loop_start()
        if not self._subscribed.wait(5):
            pytest.fail("subscriber never subscribed")

    def _on_message(self, client, userdata, message) -> None:
        with self._lock:
            self.messages.append((message.topic, message.payload, bool(message.retain)))

    def on(self, topic: str) -> list[bytes]:
        with self._lock:
            return [payload for t, payload, _ in self.messages if t == topic]

    def wait(self, predicate, timeout: float) -> bool:
        return wait_until(lambda: predicate(self), timeout)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
