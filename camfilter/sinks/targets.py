"""Build the delivery targets named in the sinks settings (adapters are imported only when used)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from camfilter.config import SinkSettings
from camfilter.sinks.dispatch import Backoff, Dispatcher, Target
from camfilter.sinks.outbox import Outbox


def build_targets(settings: SinkSettings, cameras: tuple[str, ...] = ()) -> list[Target]:
    from camfilter.sinks.webhook import WebhookTarget

    targets: list[Target] = [WebhookTarget(w) for w in settings.webhooks]
    if settings.mqtt:
        from camfilter.sinks.mqtt import MqttTarget

        targets.append(MqttTarget(settings.mqtt, cameras))
    if settings.apprise:
        from camfilter.sinks.notify import AppriseTarget

        targets += [AppriseTarget(a, i) for i, a in enumerate(settings.apprise)]
    return targets


def backoff_of(settings: SinkSettings) -> Backoff:
    outbox = settings.outbox
    return Backoff(outbox.first_retry_s, outbox.max_retry_s, outbox.give_up_after_h * 3600)


def build_dispatcher(settings: SinkSettings, folder: Path, cameras: tuple[str, ...] = (),
                     clock: Callable[[], float] = time.time) -> Dispatcher:
    """Targets + the outbox in the data folder; pending rows from an earlier run go out at start()."""
    return Dispatcher(build_targets(settings, cameras), Outbox(folder), backoff_of(settings), clock)
