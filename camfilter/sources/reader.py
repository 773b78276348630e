"""A reader thread per camera: decode, hand over the newest frames, reconnect with backoff."""

from __future__ import annotations

import collections
import logging
import threading
from collections.abc import Callable, Iterator

import numpy as np

from camfilter.sources import CameraStatus, Frame, SourceError
from camfilter.sources.credentials import redact

log = logging.getLogger(__name__)

Decoder = Callable[[], Iterator[tuple[float, float, np.ndarray]]]


class LatestFrames:
    """Bounded hand-over queue that drops the oldest frame instead of lagging behind the camera."""

    def __init__(self, maxsize: int = 2):
        self._items: collections.deque[Frame] = collections.deque(maxlen=maxsize)
        self._ready = threading.Condition()
        self.dropped = 0

    def put(self, frame: Frame) -> None:
        with self._ready:
            if len(self._items) == self._items.maxlen:
                self.dropped += 1
            self._items.append(frame)
            self._ready.notify()

    def get(self, timeout: float) -> Frame | None:
        with self._ready:
            if not self._items:
                self._ready.wait(timeout)
            return self._items.popleft() if self._items else None


class CameraReader:
    """Runs `decoder` in a thread; on any failure waits (1, 2, 4 … max_backoff_s) and reopens."""

    def __init__(self, name: str, display_url: str, decoder: Decoder, clock: Callable[[], float],
                 *, realtime: bool = False, loop: bool = True, max_backoff_s: float = 30.0):
        self.name, self.display_url = name, redact(display_url)
        self.frames = LatestFrames()
        self._decoder, self._clock = decoder, clock
        self._realtime, self._loop, self._max_backoff = realtime, loop, max_backoff_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"reader-{name}", daemon=True)
        self._state, self._error = "connecting", None
        self._count, self._reconnects, self._last, self._t0 = 0, 0, None, None
        self._rate: collections.deque[float] = collections.deque(maxlen=30)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def status(self) -> CameraStatus:
        now = self._clock()
        fps = (len(self._rate) - 1) / (self._rate[-1] - self._rate[0]) if len(self._rate) > 2 and self._rate[-1] > self._rate[0] else 0.0
        age = None if self._last is None else round(now - self._last, 3)
        return CameraStatus(self.name, self.display_url, self._state, round(fps, 2), age, self._count,
                            self.frames.dropped, self._reconnects, self._error)

    def _run(self) -> None:
        first = backoff = min(1.0, self._max_backoff)
        while not self._stop.is_set():
            got_frames = self._read_once()
            if self._stop.is_set():
                break
            if got_frames:
                backoff = first
            if self._state == "ended" and not self._loop:
                return
            self._state = "retrying" if self._error else "connecting"
            self._reconnects += 1
            if self._error:
                log.warning("camera %s: %s; retrying in %.0f s", self.name, self._error, backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self._max_backoff)
        self._state = "stopped"

    def _read_once(self) -> bool:
        got, start_wall, start_pts = False, None, 0.0
        try:
            for pts, _fps, image in self._decoder():
                if self._stop.is_set():
                    return got
                now = self._clock()
                if self._realtime:
                    start_wall, start_pts = (now, pts) if start_wall is None else (start_wall, start_pts)
                    self._stop.wait(max(0.0, (pts - start_pts) - (now - start_wall)))
                    now = self._clock()
                self._deliver(pts, now, image)
                got = True
            self._state, self._error = "ended", None
        except SourceError as err:
            self._error = redact(str(err))
        return got

    def _deliver(self, pts: float, now: float, image: np.ndarray) -> None:
        if self._state != "streaming" and (self._count == 0 or self._state == "retrying"):
            log.info("camera %s: streaming from %s", self.name, self.display_url)  # first frame, or back after a failure
        self._state, self._error = "streaming", None
        self._t0 = now if self._t0 is None else self._t0
        # Stream time is capture time since the reader started: monotonic across reconnects and file loops.
        self.frames.put(Frame(self.name, self._count, now - self._t0, now, image))
        self._count += 1
        self._last = now
        self._rate.append(now)
