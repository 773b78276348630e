"""The status page: cameras and the latest decisions with their reasons."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    services = current_app.extensions["camfilter"]
    return render_template("index.html", cameras=services.runtime.status(), decisions=services.store.recent(limit=50))
