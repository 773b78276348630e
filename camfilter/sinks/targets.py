"""Build the delivery targets named in the sinks settings (adapters are imported only when used)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from camfilter.config import SinkSettings
from camfilter.sinks.dispatch import Backoff, Dispatcher, Target
from camfilter.sinks.outbox import Outbox
from camfilter.sinks.push_store import PushStore
from camfilter.sinks.vapid import VapidKeys


def build_targets(settings: SinkSettings, cameras: tuple[str, ...] = (), push: PushSetup | None = None,
                  clock: Callable[[], float] = time.time) -> list[Target]:
    from camfilter.sinks.webhook import WebhookTarget

    targets: list[Target] = [WebhookTarget(w) for w in settings.webhooks]
    if settings.mqtt:
        from camfilter.sinks.mqtt import MqttTarget

        targets.append(MqttTarget(settings.mqtt, cameras))
    if settings.apprise:
        from camfilter.sinks.notify import AppriseTarget

        targets += [AppriseTarget(a, i) for i, a in enumerate(settings.apprise)]
    if settings.webpush and push:
        from camfilter.sinks.webpush import WebPushTarget

        targets.append(WebPushTarget(settings.webpush, push.store, push.keys, clock))
    return targets


@dataclass(frozen=True)
class PushSetup:
    """Web Push state shared by the target and the web page: subscriptions/snoozes and the VAPID keys."""

    store: PushStore
    keys: VapidKeys


def open_push(settings: SinkSettings, folder: Path) -> PushSetup | None:
    """VAPID keys are made on first run and kept in the data folder."""
    if not settings.webpush:
        return None
    from camfilter.sinks.vapid import load_or_create

    return PushSetup(PushStore(folder), load_or_create(folder))


def backoff_of(settings: SinkSettings) -> Backoff:
    outbox = settings.outbox
    return Backoff(outbox.first_retry_s, outbox.max_retry_s, outbox.give_up_after_h * 3600)


def build_dispatcher(settings: SinkSettings, folder: Path, cameras: tuple[str, ...] = (),
                     clock: Callable[[], float] = time.time, push: PushSetup | None = None) -> Dispatcher:
    """Targets + the outbox in the data folder; pending rows from an earlier run go out at start()."""
    return Dispatcher(build_targets(settings, cameras, push, clock), Outbox(folder), backoff_of(settings), clock)
