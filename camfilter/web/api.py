"""JSON API: health, per-camera status with latency percentiles, decisions and their snapshots."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, request, send_file

from camfilter.sinks.latency import summary_ms
from camfilter.web.openapi import MAX_ID, spec

bp = Blueprint("api", __name__, url_prefix="/api")
LATENCY_WINDOW_S = 24 * 3600
_CAMERA = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class BadQuery(ValueError):
    """A query parameter the API cannot use; the message names it."""


def services():
    return current_app.extensions["camfilter"]


@bp.errorhandler(BadQuery)
def _bad_query(err: BadQuery):
    return jsonify(error=str(err)), 400


@bp.get("/health")
def health():
    cameras = services().runtime.status()
    streaming = sum(1 for c in cameras if c["state"] == "streaming")
    return jsonify(ok=True, cameras=len(cameras), streaming=streaming)


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec())


@bp.get("/status")
def status():
    s = services()
    since = s.clock() - LATENCY_WINDOW_S
    delivered = s.outbox.delivery_latencies(since) if s.outbox else {}
    latency = {"window_s": LATENCY_WINDOW_S,
               "capture_to_decision_ms": summary_ms(s.store.decision_latencies(since)),
               "decision_to_delivered_ms": {target: summary_ms(v) for target, v in sorted(delivered.items())}}
    return jsonify(cameras=s.runtime.status(), latency=latency, outbox=s.outbox_counts())


@bp.get("/decisions")
def decisions():
    args = request.args
    unknown = sorted(set(args) - {"camera", "verdict", "since", "until", "limit"})
    if unknown:
        raise BadQuery(f"unknown query parameter {unknown[0]!r}: use camera, verdict, since, until, limit")
    limit = _int(args, "limit", 100, 1, 1000)
    camera = args.get("camera")
    if camera is not None and not _CAMERA.match(camera):
        raise BadQuery("camera: letters, digits, '_' and '-' only (1-64)")
    verdict = args.get("verdict")
    if verdict not in (None, "alert", "suppressed"):
        raise BadQuery("verdict must be 'alert' or 'suppressed'")
    since, until = _time(args, "since"), _time(args, "until")
    rows = services().store.recent(camera, verdict, limit, since, until)
    return jsonify(decisions=[_public(r) for r in rows])


@bp.get(f"/decisions/<int(min=1, max={MAX_ID}):decision_id>")
def decision(decision_id: int):
    row = services().store.get(decision_id)
    if not row:
        return jsonify(error="no such decision"), 404
    outbox = services().outbox
    return jsonify({**_public(row), "deliveries": outbox.rows(decision_id) if outbox else []})


@bp.get(f"/decisions/<int(min=1, max={MAX_ID}):decision_id>/snapshot")
def snapshot(decision_id: int):
    row = services().store.get(decision_id)
    if not row or not row["snapshot"] or not Path(row["snapshot"]).is_file():
        abort(404, "no snapshot for this decision")
    return send_file(Path(row["snapshot"]).resolve(), mimetype="image/jpeg")


def _public(row: dict) -> dict:
    """A stored row as the API shows it: a snapshot link instead of a server path."""
    snapshot = f"/api/decisions/{row['id']}/snapshot" if row["snapshot"] else None
    return {**row, "final": bool(row["final"]), "snapshot": snapshot}


def _int(args, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadQuery(f"{name} must be a whole number") from None
    if not low <= value <= high:
        raise BadQuery(f"{name} must be between {low} and {high}")
    return value


def _time(args, name: str) -> float | None:
    """Epoch seconds, or an ISO 8601 date-time (UTC when it has no offset)."""
    raw = args.get(name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        try:
            parsed = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise BadQuery(f"{name}: epoch seconds or ISO 8601, e.g. 2026-11-27T06:00:00Z") from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.timezone.utc)
        return parsed.timestamp()
    if value != value or value in (float("inf"), float("-inf")):
        raise BadQuery(f"{name} must be a finite number")
    return value
