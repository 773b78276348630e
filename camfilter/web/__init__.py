"""Flask app factory: the runtime's status, decisions and snapshots over HTTP, and the DeepStack endpoint."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from camfilter.config import WebSettings
from camfilter.detection import Detector
from camfilter.sinks.feedback import FeedbackLog
from camfilter.sinks.outbox import Outbox
from camfilter.sinks.store import DecisionStore
from camfilter.sinks.targets import PushSetup
from camfilter.web.auth import Authenticator, TokenOrLoopback, protect
from camfilter.web.live import StreamSlots

_JSON_PREFIXES = ("/api/", "/v1/")


class RuntimeView(Protocol):
    def status(self) -> list[dict]: ...


@dataclass(frozen=True)
class Services:
    runtime: RuntimeView
    store: DecisionStore
    web: WebSettings
    detector: Detector | None  # the runtime's shared detector; None when no model is loaded
    outbox: Outbox | None
    clock: Callable[[], float]
    push: PushSetup | None = None  # Web Push subscriptions, snoozes and VAPID key; None when off
    live_slots: StreamSlots = field(default_factory=StreamSlots)
    feedback: FeedbackLog | None = None  # homeowners' verdicts on decisions; per-camera precision

    def outbox_counts(self) -> dict[str, dict[str, int]]:
        if self.outbox is None:
            return {}
        return {target: self.outbox.counts(target) for target in self.outbox.targets()}


def create_app(runtime: RuntimeView, store: DecisionStore, *, web: WebSettings = WebSettings(),
               detector: Detector | None = None, outbox: Outbox | None = None,
               authenticator: Authenticator | None = None, clock: Callable[[], float] = time.time,
               push: PushSetup | None = None, testing: bool = False) -> Flask:
    from camfilter.web import api, deepstack, feedback, live, pages
    from camfilter.web import push as push_api

    app = Flask(__name__)
    app.config.update(TESTING=testing, JSON_SORT_KEYS=False,
                      MAX_CONTENT_LENGTH=int(web.max_upload_mb * 1024 * 1024))
    app.extensions["camfilter"] = Services(runtime=runtime, store=store, web=web, detector=detector,
                                           outbox=outbox, clock=clock, push=push,
                                           feedback=FeedbackLog(store.folder))
    for blueprint in (api.bp, feedback.bp, deepstack.bp, push_api.bp, live.bp, pages.bp):
        app.register_blueprint(blueprint)
    protect(app, authenticator or TokenOrLoopback(web.api_token))
    app.register_error_handler(HTTPException, _json_error)
    return app


def _json_error(err: HTTPException):
    """API clients get JSON for every error (404, 405, 413 …); pages keep Flask's HTML."""
    if not request.path.startswith(_JSON_PREFIXES):
        return err
    body = {"error": err.description or err.name}
    if request.path.startswith("/v1/"):
        body["success"] = False
    answer = jsonify(body)
    answer.status_code = err.code or 500
    for name, value in err.get_headers():  # keeps Allow on 405, WWW-Authenticate …
        if name.lower() != "content-type":
            answer.headers[name] = value
    return answer
