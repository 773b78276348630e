"""Web Push API for the /push page: the VAPID public key, subscribe/unsubscribe, per-camera snooze."""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, request

bp = Blueprint("push", __name__, url_prefix="/api/push")
_CAMERA = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_SNOOZE_MIN = 7 * 24 * 60


class BadPush(ValueError):
    """Input the push API cannot use; the message says what to send."""


@bp.errorhandler(BadPush)
def _bad(err: BadPush):
    return jsonify(error=str(err)), 400


def _push():
    setup = current_app.extensions["camfilter"].push
    if setup is None:
        raise _NotConfigured()
    return setup


class _NotConfigured(Exception):
    pass


@bp.errorhandler(_NotConfigured)
def _not_configured(_err):
    return jsonify(error="Web Push is off: add sinks.webpush to the config"), 503


@bp.get("/key")
def key():
    setup = _push()
    return jsonify(public_key=setup.keys.public_key, subscriptions=setup.store.count())


@bp.post("/subscriptions")
def subscribe():
    setup = _push()
    endpoint, p256dh, auth = _subscription(_json_body())
    created = setup.store.subscribe(endpoint, p256dh, auth, _clock()())
    return jsonify(subscribed=True, new=created), 201 if created else 200


@bp.post("/unsubscribe")
def unsubscribe():
    body = _json_body()
    endpoint = body.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        raise BadPush("send {\"endpoint\": \"<the subscription's endpoint>\"}")
    return jsonify(removed=_push().store.unsubscribe(endpoint))


@bp.get("/snoozes")
def snoozes():
    return jsonify(snoozes=_push().store.snoozes(_clock()()))


@bp.put("/snoozes/<camera>")
def snooze(camera: str):
    setup = _push()
    _check_camera(camera)
    minutes = _json_body().get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not 0 < minutes <= MAX_SNOOZE_MIN:
        raise BadPush(f"send {{\"minutes\": 1..{MAX_SNOOZE_MIN}}}")
    until = _clock()() + minutes * 60
    setup.store.snooze(camera, until)
    return jsonify(camera=camera, until=until)


@bp.delete("/snoozes/<camera>")
def unsnooze(camera: str):
    setup = _push()
    _check_camera(camera)
    return jsonify(removed=setup.store.unsnooze(camera))


def _check_camera(camera: str) -> None:
    if not _CAMERA.match(camera):
        raise BadPush("camera: letters, digits, '_' and '-' only (1-64)")


def _clock():
    return current_app.extensions["camfilter"].clock


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadPush("send a JSON object (Content-Type: application/json)")
    return body


def _subscription(body: dict) -> tuple[str, str, str]:
    """PushSubscription.toJSON(): {endpoint, keys: {p256dh, auth}}, checked enough to encrypt to it."""
    endpoint, keys = body.get("endpoint"), body.get("keys")
    if not isinstance(endpoint, str) or len(endpoint) > 2048 or urlsplit(endpoint).scheme not in ("https", "http") \
            or not urlsplit(endpoint).netloc:
        raise BadPush("endpoint must be the push service's http(s) URL")
    if not isinstance(keys, dict):
        raise BadPush("keys must be {\"p256dh\": …, \"auth\": …}")
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if _b64_len(p256dh) != 65 or _b64_len(auth) != 16:
        raise BadPush("keys.p256dh must be a base64url P-256 public key, keys.auth 16 base64url bytes")
    return endpoint, p256dh, auth


def _b64_len(value) -> int:
    if not isinstance(value, str) or len(value) > 200:
        return -1
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError):
        return -1
