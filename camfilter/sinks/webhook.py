"""Webhook target: each decision as an HTTP request; the only module that touches `requests`."""

from __future__ import annotations

import hashlib

import requests

from camfilter.config import WebhookSettings
from camfilter.sinks.dispatch import DeliveryError
from camfilter.sinks.http_request import display_url, render
from camfilter.sinks.outbox import Delivery

# Answers that will not change on a retry: the request itself is wrong.
_PERMANENT = {400, 401, 403, 404, 405, 410, 413, 422}


def target_name(kind: str, url: str, name: str | None) -> str:
    """A stable outbox key: the configured name, or kind + a short hash of the URL."""
    return name or f"{kind}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


class WebhookTarget:
    def __init__(self, settings: WebhookSettings, session: requests.Session | None = None):
        self.settings = settings
        self.name = target_name(settings.preset.replace("json", "webhook"), settings.url, settings.name)
        self.display_url = display_url(settings)
        self._session = session or requests.Session()

    def wants(self, payload: dict, phase: str) -> bool:
        return phase == "new" and payload["verdict"] in self.settings.verdicts

    def open(self) -> None:
        pass

    def close(self) -> None:
        self._session.close()

    def deliver(self, delivery: Delivery) -> None:
        request = render(self.settings, delivery.payload, delivery.idempotency_key)
        try:
            answer = self._session.request(request.method, request.url, data=request.body,
                                           headers=dict(request.headers), timeout=self.settings.timeout_s)
        except requests.RequestException as err:  # its text holds the full URL: never log it
            raise DeliveryError(f"{self.display_url}: {type(err).__name__}") from None
        if not 200 <= answer.status_code < 300:
            raise DeliveryError(f"{self.display_url}: HTTP {answer.status_code}",
                                permanent=answer.status_code in _PERMANENT)
