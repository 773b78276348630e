"""Pages: the status page, one event with its snapshot, and the /push page (a small PWA)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_from_directory

bp = Blueprint("pages", __name__)
STATIC = Path(__file__).resolve().parent / "static"


def _services():
    return current_app.extensions["camfilter"]


@bp.get("/")
def index():
    services = _services()
    return render_template("index.html", cameras=services.runtime.status(), decisions=services.store.recent(limit=50))


@bp.get("/event/<int(min=1, max=9223372036854775807):decision_id>")
def event(decision_id: int):
    row = _services().store.get(decision_id)
    if not row:
        abort(404)
    return render_template("event.html", d=row)


@bp.get("/push")
def push_page():
    cameras = [c["camera"] for c in _services().runtime.status()]
    return render_template("push.html", cameras=cameras, enabled=_services().push is not None)


@bp.get("/sw.js")
def service_worker():
    """At the root so its scope covers every page it opens."""
    answer = send_from_directory(STATIC, "sw.js", mimetype="text/javascript")
    answer.headers["Cache-Control"] = "no-cache"
    return answer


@bp.get("/manifest.webmanifest")
def manifest():
    return send_from_directory(STATIC, "manifest.webmanifest", mimetype="application/manifest+json")
