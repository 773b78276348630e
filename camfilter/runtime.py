"""Threads: a reader and a worker per camera, one shared detector, the store, the webhook dispatcher."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from camfilter.config import CameraSettings, Settings
from camfilter.detection import Detector
from camfilter.events import Decision
from camfilter.pipeline import CameraPipeline
from camfilter.sinks import decision_payload
from camfilter.sinks.dispatch import Dispatcher
from camfilter.sinks.store import DecisionStore
from camfilter.sources.credentials import redact, with_credentials
from camfilter.sources.decode import decode, is_stream
from camfilter.sources.reader import CameraReader

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class LiveFrame:
    """The newest processed picture of a camera and the boxes being tracked on it, for the live view."""

    wall: float
    image: np.ndarray = field(repr=False)
    boxes: tuple[tuple[int, int, int, int], ...]


class CameraWorker:
    """Feeds one camera's newest frames through its pipeline and hands decisions to the runtime."""

    def __init__(self, name: str, settings: CameraSettings, detector: Detector, model_size: int,
                 on_decision: Callable[[str, Decision], None], clock: Callable[[], float]):
        password = settings.password.get_secret_value() if settings.password else None
        url = with_credentials(settings.url, settings.username, password)
        self.secrets = tuple(s for s in (password,) if s)
        self.display_url = redact(url, self.secrets)
        stream = is_stream(settings.url)
        self.reader = CameraReader(name, self.display_url,
                                   lambda: decode(url, settings.open_timeout_s, settings.stall_s), clock,
                                   realtime=settings.realtime and not stream, loop=True,
                                   max_backoff_s=settings.max_backoff_s)
        self.pipeline = CameraPipeline(name, settings, detector, model_size)
        self.name, self.decisions = name, 0
        self.latest: LiveFrame | None = None  # replaced (never mutated) after each frame
        self._on_decision, self._clock = on_decision, clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"worker-{name}", daemon=True)

    def start(self) -> None:
        self.reader.start()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.reader.stop()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)
        self.reader.join(timeout)

    def _run(self) -> None:
        last_t = 0.0
        while not self._stop.is_set():
            frame = self.reader.frames.get(timeout=0.5)
            if frame is None:
                self._close_if_dead(last_t)
                continue
            last_t = frame.pts_s
            try:
                self._emit(self.pipeline.step(frame))
                self.latest = LiveFrame(frame.wall, frame.image, self.pipeline.live_boxes)
            except Exception:  # one bad frame or detector hiccup must not stop the camera
                log.exception("camera %s: frame %d failed", self.name, frame.index)
        self._emit(self.pipeline.finish(last_t))

    def _close_if_dead(self, last_t: float) -> None:
        status = self.reader.status()
        quiet = status.last_frame_age_s is None or status.last_frame_age_s > self.pipeline.settings.events.end_after_s
        if quiet and self.pipeline.decider.open:
            self._emit(self.pipeline.finish(last_t))

    def _emit(self, decisions: list[Decision]) -> None:
        for decision in decisions:
            self.decisions += decision.final
            self._on_decision(self.display_url, decision)


class Runtime:
    def __init__(self, settings: Settings, detector: Detector, store: DecisionStore,
                 dispatcher: Dispatcher, public_url: str, clock: Callable[[], float] = time.time):
        self.settings, self.store, self.dispatcher = settings, store, dispatcher
        self._clock, self._public_url = clock, public_url.rstrip("/")
        self._open_alerts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.workers = {name: CameraWorker(name, cam, detector, settings.detector.imgsz, self.handle_decision, clock)
                        for name, cam in settings.cameras.items() if cam.enabled}
        self._maintenance = threading.Thread(target=self._maintain, name="maintenance", daemon=True)

    def start(self) -> None:
        self.dispatcher.start()
        for worker in self.workers.values():
            worker.start()
        self._maintenance.start()

    def stop(self) -> None:
        self._stop.set()
        for worker in self.workers.values():
            worker.stop()
        for worker in self.workers.values():
            worker.join(5.0)
        self.dispatcher.stop()

    def status(self) -> list[dict]:
        out = []
        for name, worker in self.workers.items():
            state = asdict(worker.reader.status())
            state["detector_ms"] = worker.pipeline.timings.mean_ms().get("detect")
            state["decisions"] = worker.decisions
            out.append(state)
        return out

    def live_frame(self, camera: str) -> LiveFrame | None:
        worker = self.workers.get(camera)
        return worker.latest if worker else None

    def handle_decision(self, source: str, decision: Decision) -> None:
        """Store first, then queue for delivery (the outbox row is written before any send)."""
        key = (decision.camera, decision.episode)
        with self._lock:
            open_id = self._open_alerts.pop(key, None) if decision.final else None
        if open_id is not None:
            self.store.finalise(open_id, decision.end_s)
            self._queue(open_id, "end", decision, source)
            return
        row_id = self.store.add(decision, source, self._clock())
        if not decision.final:
            with self._lock:
                self._open_alerts[key] = row_id
        self._queue(row_id, "new", decision, source)
        if decision.final:
            self._queue(row_id, "end", decision, source)
        log.info("camera %s: %s (%s)", decision.camera, decision.verdict, decision.reason)

    def _queue(self, row_id: int, phase: str, decision: Decision, source: str) -> None:
        row = self.store.get(row_id)
        snapshot = row and row["snapshot"]
        snapshot_url = f"{self._public_url}/api/decisions/{row_id}/snapshot" if snapshot else None
        self.dispatcher.submit(row_id, phase, decision_payload(decision, row_id, source, snapshot, snapshot_url),
                               snapshot)

    def _maintain(self) -> None:
        store = self.settings.store
        while True:
            now = self._clock()
            removed = self.store.prune(now, store.retention_days, store.max_size_mb)
            removed += self.dispatcher.outbox.prune(now - store.retention_days * 86400)
            if removed:
                log.info("retention: removed %d old decisions, snapshots or deliveries", removed)
            if self._stop.wait(3600):
                return
