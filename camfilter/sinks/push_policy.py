"""When a homeowner wants a push: per-camera enable, snooze, quiet hours and cooldown. Pure functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from camfilter.config import WebPushSettings


def in_quiet_hours(spec: str | None, local: dt.time) -> bool:
    """"22:00-07:00" wraps past midnight; the end minute is not quiet any more."""
    if not spec:
        return False
    start, end = (dt.time.fromisoformat(part) for part in spec.split("-"))
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def push_refusal(settings: WebPushSettings, camera: str, now: float, snoozed_until: float | None,
                 last_push: float | None, local_time: Callable[[float], dt.time]) -> str | None:
    """None when the decision may be pushed, otherwise why not (logged at debug level)."""
    own = settings.cameras.get(camera)
    if own and not own.enabled:
        return "push disabled for this camera"
    if snoozed_until is not None and now < snoozed_until:
        return "camera snoozed"
    quiet = own.quiet_hours if own and own.quiet_hours else settings.quiet_hours
    if in_quiet_hours(quiet, local_time(now)):
        return f"quiet hours {quiet}"
    cooldown = own.cooldown_s if own and own.cooldown_s is not None else settings.cooldown_s
    if last_push is not None and now - last_push < cooldown:
        return f"cooldown {cooldown:.0f} s"
    return None


def machine_local_time(ts: float) -> dt.time:
    return dt.datetime.fromtimestamp(ts).time()
