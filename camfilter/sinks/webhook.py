"""HTTP POST of each decision as JSON, retried with backoff on a worker thread."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

import requests

from camfilter.config import WebhookSettings
from camfilter.sources.credentials import redact_url

log = logging.getLogger(__name__)


class WebhookSink:
    def __init__(self, settings: WebhookSettings, session: requests.Session | None = None):
        self.settings = settings
        self._session = session or requests.Session()

    def wants(self, verdict: str) -> bool:
        return verdict in self.settings.verdicts

    def post(self, payload: dict) -> None:
        """One attempt; raises on network errors and non-2xx answers."""
        answer = self._session.post(self.settings.url, json=payload, timeout=self.settings.timeout_s,
                                    headers={"Idempotency-Key": f"camfilter-{payload['id']}"})
        answer.raise_for_status()


class WebhookDispatcher:
    """Delivers payloads to every webhook off the pipeline threads; a slow or dead target never blocks cameras."""

    def __init__(self, sinks: list[WebhookSink], wait: Callable[[float], bool] | None = None):
        self.sinks = sinks
        self._queue: queue.Queue = queue.Queue(maxsize=1000)
        self._stop = threading.Event()
        self._wait = wait or self._stop.wait
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)
        self.delivered = 0
        self.failed = 0

    def start(self) -> None:
        if self.sinks:
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)
        self._stop.set()

    def submit(self, payload: dict) -> None:
        if not any(s.wants(payload["verdict"]) for s in self.sinks):
            return
        try:
            self._queue.put_nowait(payload)
        except queue.Full:
            self.failed += 1
            log.error("webhook queue full; decision %s is in the store but was not sent", payload["id"])

    def _run(self) -> None:
        while (payload := self._queue.get()) is not None:
            for sink in self.sinks:
                if sink.wants(payload["verdict"]):
                    self._deliver(sink, payload)

    def _deliver(self, sink: WebhookSink, payload: dict) -> None:
        delay = 0.5
        for attempt in range(sink.settings.retries + 1):
            try:
                sink.post(payload)
                self.delivered += 1
                return
            except requests.RequestException as err:
                reason = redact_url(str(err))
                log.warning("webhook %s attempt %d failed: %s", redact_url(sink.settings.url), attempt + 1, reason)
            if attempt < sink.settings.retries and self._wait(delay):
                return
            delay *= 2
        self.failed += 1
