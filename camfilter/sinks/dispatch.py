"""Delivery from the outbox: one worker thread per target, retries with capped exponential backoff."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from camfilter.sinks.outbox import Delivery, Outbox

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A failed attempt. `permanent`: retrying cannot help (e.g. HTTP 400), the row is marked failed.
    The message must be safe to log (no credentials)."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Target(Protocol):
    name: str  # stable across restarts: the outbox rows are keyed by it

    def wants(self, payload: dict, phase: str) -> bool:
        """Whether this decision goes to this target; asked once, when the decision is made."""

    def open(self) -> None:
        """Called once before the first delivery (connect, log in …)."""

    def close(self) -> None:
        """Called once after the last delivery."""

    def deliver(self, delivery: Delivery) -> None:
        """One attempt; returns on success, raises DeliveryError otherwise."""


@dataclass(frozen=True)
class Backoff:
    first_s: float = 1.0
    max_s: float = 60.0
    give_up_after_s: float = 86400.0

    def delay(self, attempts: int) -> float:
        """Seconds before attempt number `attempts + 1`: first, 2*first, 4*first ... max."""
        return min(self.first_s * 2 ** max(attempts - 1, 0), self.max_s)


class TargetWorker:
    """Sends one target's pending rows oldest first; a failing head row holds the later ones back."""

    def __init__(self, target: Target, outbox: Outbox, backoff: Backoff, clock: Callable[[], float]):
        self.target, self.outbox, self.backoff, self._clock = target, outbox, backoff, clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"deliver-{target.name}", daemon=True)

    def start(self) -> None:
        self.outbox.retry_now(self.target.name, self._clock())
        self.target.open()
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)
        self.target.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            head = self.outbox.head(self.target.name)
            wait = None if head is None else head.next_at - self._clock()
            if head is not None and wait <= 0:
                self._attempt(head)
                continue
            self._wake.wait(timeout=wait)
            self._wake.clear()

    def _attempt(self, delivery: Delivery) -> None:
        name, now = self.target.name, self._clock()
        if now - delivery.created_at > self.backoff.give_up_after_s:
            log.error("%s: decision %d not delivered after %.0f h; giving up", name, delivery.decision_id,
                      self.backoff.give_up_after_s / 3600)
            self.outbox.failed(delivery.row_id, "expired")
            return
        try:
            self.target.deliver(delivery)
        except DeliveryError as err:
            self._failed(delivery, err)
            return
        except Exception as err:  # a bug in one adapter must not kill its worker; the message may hold secrets
            log.exception("%s: unexpected error for decision %d", name, delivery.decision_id)
            self._failed(delivery, DeliveryError(type(err).__name__))
            return
        self.outbox.delivered(delivery.row_id, self._clock())
        log.debug("%s: decision %d %s delivered", name, delivery.decision_id, delivery.phase)

    def _failed(self, delivery: Delivery, err: DeliveryError) -> None:
        attempts = delivery.attempts + 1
        if err.permanent:
            log.error("%s: decision %d refused: %s", self.target.name, delivery.decision_id, err)
            self.outbox.failed(delivery.row_id, str(err))
            return
        delay = self.backoff.delay(attempts)
        log.warning("%s: attempt %d for decision %d failed: %s; retrying in %.1f s", self.target.name,
                    attempts, delivery.decision_id, err, delay)
        self.outbox.retry_later(delivery.row_id, self._clock() + delay, str(err))


class Dispatcher:
    """Writes each decision to the outbox for every target that wants it, then wakes those targets."""

    def __init__(self, targets: list[Target], outbox: Outbox, backoff: Backoff = Backoff(),
                 clock: Callable[[], float] = time.time):
        names = [t.name for t in targets]
        if len(set(names)) != len(names):
            raise ValueError(f"delivery target names must be unique: {names}")
        self.outbox, self._clock = outbox, clock
        self.workers = {t.name: TargetWorker(t, outbox, backoff, clock) for t in targets}

    def start(self) -> None:
        for worker in self.workers.values():
            worker.start()

    def stop(self, timeout: float = 5.0) -> None:
        for worker in self.workers.values():
            worker.stop()
        for worker in self.workers.values():
            worker.join(timeout)

    def submit(self, decision_id: int, phase: str, payload: dict, snapshot: str | None) -> int:
        """Queue for every interested target; returns how many rows were written."""
        queued = 0
        for name, worker in self.workers.items():
            if worker.target.wants(payload, phase):
                if self.outbox.add(decision_id, name, phase, payload, snapshot, self._clock()):
                    queued += 1
                worker.wake()
        return queued

    def counts(self) -> dict[str, dict[str, int]]:
        return {name: self.outbox.counts(name) for name in self.workers}
