"""Flask app factory: the runtime's status, decisions and snapshots over HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flask import Flask

from camfilter.sinks.store import DecisionStore


class RuntimeView(Protocol):
    def status(self) -> list[dict]: ...


@dataclass(frozen=True)
class Services:
    runtime: RuntimeView
    store: DecisionStore


def create_app(runtime: RuntimeView, store: DecisionStore, *, testing: bool = False) -> Flask:
    from camfilter.web import api, pages

    app = Flask(__name__)
    app.config.update(TESTING=testing, JSON_SORT_KEYS=False)
    app.extensions["camfilter"] = Services(runtime=runtime, store=store)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    return app
