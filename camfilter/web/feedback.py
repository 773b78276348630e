"""Feedback on decisions ("correct", "false_alarm", "missed") and the per-camera precision it gives."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from camfilter.sinks.feedback import KINDS, FeedbackError
from camfilter.web.openapi import MAX_ID

bp = Blueprint("feedback", __name__, url_prefix="/api")


def _services():
    return current_app.extensions["camfilter"]


@bp.post(f"/decisions/<int(min=1, max={MAX_ID}):decision_id>/feedback")
def give(decision_id: int):
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or body.get("feedback") not in KINDS:
        return jsonify(error=f"send JSON {{\"feedback\": one of {', '.join(KINDS)}, \"note\": optional text}}"), 400
    note = body.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > 500):
        return jsonify(error="note must be text of at most 500 characters"), 400
    services = _services()
    try:
        return jsonify(services.feedback.record(decision_id, body["feedback"], services.clock(), note))
    except FeedbackError as err:
        return jsonify(error=str(err)), 404 if "no such decision" in str(err) else 409  # e.g. 'missed' on an alert


@bp.get("/feedback")
def summary():
    return jsonify(cameras=_services().feedback.summary())
