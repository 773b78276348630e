"""Webhook target: each decision as an HTTP request; the only module that touches `requests`."""

from __future__ import annotations

import hashlib

import requests

from camfilter.config import WebhookSettings
from camfilter.sinks.dispatch import DeliveryError
from camfilter.sinks.outbox import Delivery
from camfilter.sources.credentials import redact_url

# Answers that will not change on a retry: the request itself is wrong.
_PERMANENT = {400, 401, 403, 404, 405, 410, 413, 422}


def target_name(kind: str, url: str, name: str | None) -> str:
    """A stable outbox key: the configured name, or kind + a short hash of the URL."""
    return name or f"{kind}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


class WebhookTarget:
    def __init__(self, settings: WebhookSettings, session: requests.Session | None = None):
        self.settings = settings
        self.name = target_name("webhook", settings.url, settings.name)
        self._session = session or requests.Session()

    def wants(self, verdict: str, phase: str) -> bool:
        return phase == "new" and verdict in self.settings.verdicts

    def deliver(self, delivery: Delivery) -> None:
        try:
            answer = self._session.post(self.settings.url, json=delivery.payload, timeout=self.settings.timeout_s,
                                        headers={"Idempotency-Key": delivery.idempotency_key})
        except requests.RequestException as err:
            raise DeliveryError(f"{redact_url(self.settings.url)}: {type(err).__name__}") from None
        if not 200 <= answer.status_code < 300:
            raise DeliveryError(f"{redact_url(self.settings.url)}: HTTP {answer.status_code}",
                                permanent=answer.status_code in _PERMANENT)
