"""JSON API: health, per-camera status, decisions and their snapshots."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, request, send_file

bp = Blueprint("api", __name__, url_prefix="/api")


def services():
    return current_app.extensions["camfilter"]


@bp.get("/health")
def health():
    cameras = services().runtime.status()
    streaming = sum(1 for c in cameras if c["state"] == "streaming")
    return jsonify(ok=True, cameras=len(cameras), streaming=streaming)


@bp.get("/status")
def status():
    return jsonify(cameras=services().runtime.status())


@bp.get("/decisions")
def decisions():
    limit = request.args.get("limit", 100, type=int)
    if not 1 <= limit <= 1000:
        return jsonify(error="limit must be between 1 and 1000"), 400
    rows = services().store.recent(request.args.get("camera"), request.args.get("verdict"), limit)
    return jsonify(decisions=rows)


@bp.get("/decisions/<int:decision_id>")
def decision(decision_id: int):
    row = services().store.get(decision_id)
    return jsonify(row) if row else (jsonify(error="no such decision"), 404)


@bp.get("/decisions/<int:decision_id>/snapshot")
def snapshot(decision_id: int):
    row = services().store.get(decision_id)
    if not row or not row["snapshot"] or not Path(row["snapshot"]).is_file():
        abort(404)
    return send_file(Path(row["snapshot"]).resolve(), mimetype="image/jpeg")
