"""MQTT messages in the shapes Frigate users know, and Home Assistant discovery configs. Pure functions."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from camfilter.config import MqttSettings


@dataclass(frozen=True)
class Message:
    topic: str
    payload: bytes
    retain: bool = False


def event_messages(settings: MqttSettings, payload: dict, phase: str, snapshot: bytes | None) -> list[Message]:
    """new: snapshot (retained), <prefix>/events {type: new}, the camera's label count.
    end: <prefix>/events {type: end} and the count back to 0."""
    p, camera, label = settings.prefix, payload["camera"], payload["label"] or "object"
    after = frigate_event(payload, ended=phase == "end")
    alert = payload["verdict"] == "alert"
    out = []
    if phase == "new" and snapshot:
        out.append(Message(f"{p}/{camera}/snapshot", snapshot, retain=True))
    before = after if phase == "new" else frigate_event(payload, ended=False)
    out.append(Message(f"{p}/events", _json({"type": phase, "before": before, "after": after})))
    if alert:
        count = max(payload.get("count", 1), 1) if phase == "new" else 0
        out.append(Message(f"{p}/{camera}/{label}", str(count).encode(), retain=True))
    return out


def frigate_event(payload: dict, ended: bool) -> dict:
    """Frigate's event fields where they have a meaning here, plus camfilter's verdict and reason."""
    start = dt.datetime.fromisoformat(payload["started_at"].replace("Z", "+00:00")).timestamp()
    duration = payload["end_s"] - payload["start_s"]
    return {"id": f"camfilter-{payload['id']}", "camera": payload["camera"], "label": payload["label"],
            "sub_label": None, "score": payload["score"], "top_score": payload["score"],
            "start_time": round(start, 3), "end_time": round(start + duration, 3) if ended else None,
            "false_positive": payload["verdict"] != "alert", "has_snapshot": bool(payload.get("snapshot")),
            "has_clip": False, "zones": [], "current_zones": [], "verdict": payload["verdict"],
            "reason": payload["reason"], "snapshot_url": payload.get("snapshot_url")}


def availability(settings: MqttSettings, online: bool) -> Message:
    return Message(f"{settings.prefix}/available", b"online" if online else b"offline", retain=True)


def discovery_messages(settings: MqttSettings, cameras: tuple[str, ...], labels: tuple[str, ...] = ("person",)
                       ) -> list[Message]:
    """Home Assistant: an occupancy binary_sensor per camera and label, and a camera entity for the snapshot."""
    p, d = settings.prefix, settings.discovery_prefix
    device = {"identifiers": [f"{settings.client_id}"], "name": "camfilter", "manufacturer": "camfilter"}
    common = {"availability_topic": f"{p}/available", "payload_available": "online",
              "payload_not_available": "offline", "device": device}
    out = []
    for camera in cameras:
        for label in labels:
            uid = f"{settings.client_id}_{camera}_{label}"
            out.append(Message(f"{d}/binary_sensor/{uid}/config", _json({
                **common, "name": f"{camera} {label}", "unique_id": uid, "device_class": "occupancy",
                "state_topic": f"{p}/{camera}/{label}",
                "value_template": "{{ 'ON' if value | int > 0 else 'OFF' }}"}), retain=True))
        uid = f"{settings.client_id}_{camera}_snapshot"
        out.append(Message(f"{d}/camera/{uid}/config", _json({
            **common, "name": f"{camera} last alert", "unique_id": uid, "topic": f"{p}/{camera}/snapshot"}),
            retain=True))
    return out


def _json(value: dict) -> bytes:
    return json.dumps(value).encode()
