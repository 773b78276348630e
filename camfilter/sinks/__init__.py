"""Sinks: where decisions go — the local store first, then webhooks."""

from __future__ import annotations

import datetime as dt

from camfilter.events import Decision


def decision_payload(decision: Decision, decision_id: int, source: str, snapshot: str | None,
                     snapshot_url: str | None) -> dict:
    """The JSON body sent to webhooks: the replay record plus id, wall-clock start, snapshot link and
    `count`, the number of boxes of the decided label on the snapshot (MQTT's per-camera counts)."""
    started = dt.datetime.fromtimestamp(decision.started_at, dt.timezone.utc)
    count = sum(1 for mark in decision.boxes if mark.label == decision.label)
    return {"id": decision_id, "source": source, **decision.record(), "snapshot": snapshot,
            "started_at": started.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "snapshot_url": snapshot_url, "count": count}
