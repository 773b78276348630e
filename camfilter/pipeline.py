"""The only module that knows the stage order: frame -> motion -> detection -> filters -> tracking -> events."""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from camfilter.config import CameraSettings
from camfilter.detection import Detector
from camfilter.detection.regions import detect_regions, plan_regions
from camfilter.events import Decision
from camfilter.events.decider import EpisodeDecider
from camfilter.filters import DetectionFilter
from camfilter.motion.frame_diff import FrameDiffGate
from camfilter.sources import Frame
from camfilter.tracking import ObjectTracker

STAGES = ("motion", "detect", "filter", "track", "decide")


@dataclass
class StageTimings:
    """Milliseconds spent per stage, and how often each ran."""

    total_ms: dict[str, float] = field(default_factory=lambda: collections.defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: collections.defaultdict(int))
    frames: int = 0
    detector_passes: int = 0

    def add(self, stage: str, seconds: float) -> None:
        self.total_ms[stage] += seconds * 1000
        self.calls[stage] += 1

    def mean_ms(self) -> dict[str, float]:
        return {s: round(self.total_ms[s] / self.calls[s], 2) for s in STAGES if self.calls.get(s)}


class CameraPipeline:
    def __init__(self, camera: str, settings: CameraSettings, detector: Detector, model_size: int = 640,
                 timer: Callable[[], float] = time.perf_counter):
        self.camera, self.settings = camera, settings
        self.gate = FrameDiffGate(settings.motion)
        self.filter = DetectionFilter(settings.filters)
        self.tracker = ObjectTracker(frame_rate=settings.events.detect_fps)
        self.decider = EpisodeDecider(camera, settings.events)
        self.timings = StageTimings()
        self._detector, self._min_side, self._timer = detector, model_size // 2, timer
        self._last_detect: float | None = None
        self._live: tuple = ()

    @property
    def live_boxes(self) -> tuple:
        """Boxes of the tracks seen at the last detector pass, in frame pixels (for the live view)."""
        return self._live

    def step(self, frame: Frame) -> list[Decision]:
        self.timings.frames += 1
        if not self.decider.open and self.timings.frames % self.settings.motion.idle_stride:
            return []
        motion = self._timed("motion", self.gate.check, frame.image, frame.pts_s)
        decisions = self._timed("decide", self.decider.observe, frame.pts_s, frame.wall, motion, frame.image)
        if decisions:
            self._new_episode_state()
        if self.decider.open and self._detect_due(frame.pts_s):
            decisions += self._detect(frame, motion, list(motion.boxes) + list(self._live))
        return decisions

    def finish(self, t: float) -> list[Decision]:
        decisions = self.decider.close(t)
        self._new_episode_state()
        return decisions

    def _detect(self, frame: Frame, motion, boxes: list) -> list[Decision]:
        regions = plan_regions(boxes, frame.size, self._min_side)
        if not regions:
            return []
        self._last_detect = frame.pts_s
        self.timings.detector_passes += 1
        dets = self._timed("detect", detect_regions, self._detector, frame.image, regions)
        filtered = self._timed("filter", self.filter.apply, dets, frame.size)
        tracks = self._timed("track", self.tracker.update, filtered.kept)
        self._live = tuple(tuple(int(v) for v in box) for box in tracks.xyxy)
        return self._timed("decide", self.decider.detected, frame.pts_s, tracks, filtered.rejected, frame.image,
                           motion)

    def _detect_due(self, t: float) -> bool:
        if self._last_detect is None or self.decider.undecided_candidate:
            return True  # a new episode, or a person not yet confirmed: look at every frame
        events = self.settings.events
        if self.decider.alerted:
            rate = events.decided_detect_fps
        elif self.decider.idle_for(t) >= events.idle_after_s:
            rate = events.idle_detect_fps
        else:
            rate = events.detect_fps
        return t - self._last_detect >= 1.0 / rate - 1e-6

    def _new_episode_state(self) -> None:
        self.tracker.reset()
        self._last_detect, self._live = None, ()

    def _timed(self, stage: str, fn, *args):
        start = self._timer()
        try:
            return fn(*args)
        finally:
            self.timings.add(stage, self._timer() - start)
