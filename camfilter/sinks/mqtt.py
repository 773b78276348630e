"""MQTT target (paho-mqtt 2.x): the only module that touches paho. Delivery goes through the outbox, so a
broker that refuses or drops the connection loses nothing: rows wait and are retried."""

from __future__ import annotations

import logging

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from camfilter.config import MqttSettings
from camfilter.sinks.dispatch import DeliveryError
from camfilter.sinks.mqtt_messages import Message, availability, discovery_messages, event_messages
from camfilter.sinks.outbox import Delivery

log = logging.getLogger(__name__)


class MqttTarget:
    def __init__(self, settings: MqttSettings, cameras: tuple[str, ...]):
        self.settings, self.cameras = settings, cameras
        self.name = "mqtt"  # one broker: pending events follow it when its address changes
        self.address = f"{settings.host}:{settings.port}"
        self._client = self._make_client()

    def wants(self, payload: dict, phase: str) -> bool:
        return payload["verdict"] in self.settings.verdicts

    @property
    def connected(self) -> bool:
        return self._client.is_connected()

    def open(self) -> None:
        """Connect in the background; paho reconnects by itself (1, 2, 4 … 30 s)."""
        self._client.connect_async(self.settings.host, self.settings.port, keepalive=self.settings.keepalive_s)
        self._client.loop_start()

    def close(self) -> None:
        """A clean stop says offline itself (the broker sends the last will only when we vanish)."""
        if self.connected:
            self._publish(availability(self.settings, online=False))
        self._client.disconnect()
        self._client.loop_stop()

    def deliver(self, delivery: Delivery) -> None:
        if not self.connected:
            raise DeliveryError(f"MQTT broker {self.address} not connected")
        snapshot = delivery.snapshot_bytes() if delivery.phase == "new" else None
        for message in event_messages(self.settings, delivery.payload, delivery.phase, snapshot):
            self._publish(message)

    def _publish(self, message: Message) -> None:
        try:
            info = self._client.publish(message.topic, message.payload, qos=1, retain=message.retain)
            info.wait_for_publish(self.settings.timeout_s)
        except (RuntimeError, ValueError) as err:
            raise DeliveryError(f"MQTT broker {self.address}: {err}") from None
        if not info.is_published():
            raise DeliveryError(f"MQTT broker {self.address}: no acknowledgement for {message.topic}")

    def _make_client(self) -> mqtt.Client:
        s = self.settings
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=s.client_id)
        if s.username:
            client.username_pw_set(s.username, s.password.get_secret_value() if s.password else None)
        will = availability(s, online=False)
        client.will_set(will.topic, will.payload, qos=1, retain=True)
        client.reconnect_delay_set(1, 30)
        client.on_connect = self._on_connect
        client.on_connect_fail = self._on_connect_fail
        client.on_disconnect = self._on_disconnect
        return client

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            log.warning("MQTT broker %s refused the connection: %s; retrying", self.address, reason_code)
            return
        log.info("MQTT connected to %s", self.address)
        messages = [availability(self.settings, online=True)]
        if self.settings.discovery:
            messages += discovery_messages(self.settings, self.cameras)
        for message in messages:  # no waiting inside paho's callback thread
            client.publish(message.topic, message.payload, qos=1, retain=message.retain)

    def _on_connect_fail(self, client, userdata) -> None:
        log.warning("MQTT broker %s unreachable; retrying", self.address)

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code != 0 or flags.is_disconnect_packet_from_server:
            log.warning("MQTT connection to %s lost (%s); reconnecting", self.address, reason_code)
