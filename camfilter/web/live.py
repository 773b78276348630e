"""Live view: each camera's newest processed frame with its tracked boxes, as MJPEG (multipart JPEG)."""

from __future__ import annotations

import threading
import time

from flask import Blueprint, Response, abort, current_app, render_template

from camfilter.events import Marked
from camfilter.sinks.snapshots import render_snapshot

bp = Blueprint("live", __name__, url_prefix="/live")
BOUNDARY = "camfilterframe"
MAX_FPS = 5.0
MAX_STREAMS = 2  # each viewer holds one web server thread; the API must stay answerable
IDLE_END_S = 30.0  # a camera that sends nothing for this long ends the stream


class StreamSlots:
    """Counts open live streams (one per app; lives in the Services)."""

    def __init__(self, limit: int = MAX_STREAMS):
        self._free = threading.BoundedSemaphore(limit)

    def take(self) -> bool:
        return self._free.acquire(blocking=False)

    def give_back(self) -> None:
        self._free.release()


def _services():
    return current_app.extensions["camfilter"]


def _known(camera: str) -> bool:
    return any(c["camera"] == camera for c in _services().runtime.status())


@bp.get("/<camera>")
def page(camera: str):
    if not _known(camera):
        abort(404)
    return render_template("live.html", camera=camera)


@bp.get("/<camera>.mjpg")
def stream(camera: str):
    services = _services()
    live_frame = getattr(services.runtime, "live_frame", None)
    if not _known(camera) or live_frame is None:
        abort(404, "no such camera")
    if not services.live_slots.take():
        abort(503, f"at most {MAX_STREAMS} live views at a time")
    return Response(_parts(lambda: live_frame(camera), services.live_slots),
                    mimetype=f"multipart/x-mixed-replace; boundary={BOUNDARY}",
                    headers={"Cache-Control": "no-store"})


def _parts(latest, slots: StreamSlots):
    """One JPEG part per new frame, at most MAX_FPS; the slot is given back when the viewer leaves."""
    shown, last_new = None, time.monotonic()
    try:
        while time.monotonic() - last_new < IDLE_END_S:
            frame = latest()
            if frame is None or frame.wall == shown:
                time.sleep(1 / MAX_FPS / 2)
                continue
            shown, last_new = frame.wall, time.monotonic()
            jpeg = render_snapshot(frame.image, tuple(Marked(b, "tracked", None) for b in frame.boxes), 960)
            yield (f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(jpeg)}\r\n\r\n".encode()
                   + jpeg + b"\r\n")
            time.sleep(1 / MAX_FPS)
    finally:
        slots.give_back()
