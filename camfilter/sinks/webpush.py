"""Web Push target (VAPID, aes128gcm): the only module that touches pywebpush. One outbox row per decision;
each subscription gets it once (push_sent), a gone subscription (404/410) is removed."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

import requests
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from camfilter.config import WebPushSettings
from camfilter.sinks.dispatch import DeliveryError
from camfilter.sinks.outbox import Delivery
from camfilter.sinks.push_policy import machine_local_time, push_refusal
from camfilter.sinks.push_store import PushStore, Subscription
from camfilter.sinks.vapid import VapidKeys

log = logging.getLogger(__name__)


def notification(payload: dict) -> dict:
    """What the service worker shows: title, text, the snapshot, and the page to open on a tap."""
    decision_id = payload["id"]
    return {"title": f"{payload['camera']}: {payload['label'] or payload['verdict']}", "body": payload["reason"],
            "url": f"/event/{decision_id}", "tag": f"camfilter-{payload['camera']}", "id": decision_id,
            "camera": payload["camera"],
            "image": f"/api/decisions/{decision_id}/snapshot" if payload.get("snapshot") else None}


class WebPushTarget:
    name = "webpush"

    def __init__(self, settings: WebPushSettings, store: PushStore, keys: VapidKeys, clock: Callable[[], float],
                 local_time=machine_local_time):
        self.settings, self.store, self.keys = settings, store, keys
        self._clock, self._local_time = clock, local_time
        self._vapid = Vapid.from_file(str(keys.private_pem))
        self._session = requests.Session()
        self._last_push: dict[str, float] = {}
        self._lock = threading.Lock()

    def wants(self, payload: dict, phase: str) -> bool:
        if phase != "new" or payload["verdict"] not in self.settings.verdicts:
            return False
        camera, now = payload["camera"], self._clock()
        with self._lock:
            refusal = push_refusal(self.settings, camera, now, self.store.snoozes(now).get(camera),
                                   self._last_push.get(camera), self._local_time)
            if refusal:
                log.info("push for decision %s not sent: %s", payload["id"], refusal)
                return False
            self._last_push[camera] = now
        return True

    def open(self) -> None:
        pass

    def close(self) -> None:
        self._session.close()

    def deliver(self, delivery: Delivery) -> None:
        data = json.dumps(notification(delivery.payload))
        already = self.store.sent_to(delivery.decision_id)
        failures = []
        for subscription in self.store.subscriptions():
            if subscription.id not in already:
                problem = self._send(subscription, data)
                if problem:
                    failures.append(problem)
                else:
                    self.store.mark_sent(delivery.decision_id, subscription.id, self._clock())
        if failures:
            raise DeliveryError("push failed: " + "; ".join(failures))

    def _send(self, subscription: Subscription, data: str) -> str | None:
        host = urlsplit(subscription.endpoint).netloc  # the path is the subscription's secret: never logged
        try:
            webpush(subscription.info(), data, vapid_private_key=self._vapid,
                    vapid_claims={"sub": self.settings.subject}, ttl=self.settings.ttl_s,
                    timeout=self.settings.timeout_s, requests_session=self._session)
        except WebPushException as err:
            status = err.response.status_code if err.response is not None else None
            if status in (404, 410):
                log.info("push subscription %d at %s is gone (HTTP %d); removed", subscription.id, host, status)
                self.store.remove(subscription.id)
                return None
            return f"{host}: HTTP {status}" if status else f"{host}: no answer"
        except (requests.RequestException, ValueError) as err:
            return f"{host}: {type(err).__name__}"
        return None
