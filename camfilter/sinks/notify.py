"""Apprise target: ntfy, Pushover, Telegram, Gotify, e-mail … with the snapshot attached.
The only module that touches apprise; its URLs hold tokens, so logs name the target, never the URL."""

from __future__ import annotations

import hashlib

import apprise

from camfilter.config import AppriseSettings, ConfigError, ConfigProblem
from camfilter.sinks.dispatch import DeliveryError
from camfilter.sinks.http_request import fill, payload_fields
from camfilter.sinks.outbox import Delivery


class AppriseTarget:
    def __init__(self, settings: AppriseSettings, index: int = 0):
        self.settings = settings
        url = settings.url.get_secret_value()
        self.name = settings.name or f"apprise-{hashlib.sha256(url.encode()).hexdigest()[:8]}"
        self._apprise = apprise.Apprise()
        if not self._apprise.add(url):
            scheme = url.split("://", 1)[0]
            raise ConfigError("sinks.apprise", [ConfigProblem(None, f"sinks.apprise.{index}.url",
                                                              f"Apprise does not understand this {scheme}:// URL")])

    def wants(self, payload: dict, phase: str) -> bool:
        return phase == "new" and payload["verdict"] in self.settings.verdicts

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def deliver(self, delivery: Delivery) -> None:
        fields = payload_fields(delivery.payload)
        attach = None
        if self.settings.attach_snapshot and delivery.snapshot and delivery.snapshot_bytes():
            attach = apprise.AppriseAttachment(delivery.snapshot)
        sent = self._apprise.notify(title=fill(self.settings.title, fields), body=fill(self.settings.body, fields),
                                    attach=attach)
        if not sent:  # Apprise gives no reason beyond its own (warning-level) log line
            raise DeliveryError(f"{self.name}: the service did not accept the notification")
