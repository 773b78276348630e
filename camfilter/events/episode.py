"""What one motion episode has seen so far: tracks with score and label history, motion kinds, snapshot."""

from __future__ import annotations

import collections
import statistics
from dataclasses import dataclass, field

import numpy as np

from camfilter.events import Marked

PETS = ("cat", "dog")


@dataclass
class TrackHistory:
    label: str
    window: int
    scores: collections.deque = field(init=False)
    votes: collections.Counter = field(default_factory=collections.Counter)  # label -> summed score
    hits: int = 0
    best: float = 0.0
    first_box: tuple | None = None
    last_box: tuple | None = None
    inner_motion: float = 0.0  # most changed share inside the box on a frame without a light change
    last_t: float = 0.0
    recent_boxes: collections.deque = field(default_factory=lambda: collections.deque(maxlen=3))

    def __post_init__(self) -> None:
        self.scores = collections.deque(maxlen=self.window)

    def seen(self, t: float, label: str, score: float, box: tuple, inner_motion: float | None) -> None:
        self.last_t = t
        self.votes[label] += score
        self.label = self.votes.most_common(1)[0][0]  # class competition on the same track
        self.scores.append(score)
        self.hits += 1
        self.best = max(self.best, score)
        self.first_box = self.first_box or box
        self.last_box = box
        self.recent_boxes.append(box)
        if inner_motion is not None:
            self.inner_motion = max(self.inner_motion, inner_motion)

    def missed(self) -> None:
        self.scores.append(0.0)

    @property
    def median(self) -> float:
        return statistics.median(self.scores) if self.scores else 0.0

    @property
    def standing(self) -> bool:
        """Its last three boxes barely moved: someone who stopped, not someone walking out of view."""
        if len(self.recent_boxes) < 3:
            return False
        boxes = np.asarray(self.recent_boxes, dtype=np.float64)
        centres = (boxes[:, :2] + boxes[:, 2:]) / 2
        height = max(1.0, float(boxes[-1, 3] - boxes[-1, 1]))
        return float(np.abs(centres - centres[-1]).max()) < 0.1 * height

    @property
    def moved(self) -> bool:
        """Something moved inside the box, or the box itself travelled (a statue or poster does neither)."""
        if self.inner_motion >= 0.02:
            return True
        (ax1, ay1, ax2, ay2), (bx1, _, bx2, by2) = self.first_box, self.last_box
        height = max(1.0, ay2 - ay1)
        return abs((ax1 + ax2) - (bx1 + bx2)) / 2 > 0.15 * height or abs(ay2 - by2) > 0.15 * height


@dataclass
class Episode:
    number: int
    start_s: float
    started_at: float
    last_motion_s: float
    window: int
    tracks: dict[int, TrackHistory] = field(default_factory=dict)
    rejections: collections.Counter = field(default_factory=collections.Counter)
    kinds: collections.Counter = field(default_factory=collections.Counter)  # motion region kinds seen
    pets_seen: list = field(default_factory=list)  # (t, box, label) of pet detections, for class competition
    blob_path: list = field(default_factory=list)  # centre of the largest light/shadow/blur region per frame
    last_wanted_s: float = float("-inf")  # last time an alert label was detected (kept or rejected)
    lighting_frames: int = 0
    scattered_frames: int = 0
    motion_frames: int = 0
    dark: bool = False
    alert: tuple[str, float] | None = None  # label and median score that confirmed it
    repeat_of_alert: bool = False  # confirmed, but it is the person already alerted on, still standing there
    snapshot_rank: float = -1.0
    snapshot: tuple[np.ndarray | None, tuple[Marked, ...]] = (None, ())

    @property
    def alerted(self) -> bool:
        return self.alert is not None

    def history(self, track_id: int, label: str) -> TrackHistory:
        track = self.tracks.get(track_id)
        if track is None:
            track = self.tracks[track_id] = TrackHistory(label, self.window)
        return track

    def near_pet(self, box: tuple, t: float, within_s: float = 3.0) -> str | None:
        """The pet label seen next to this box in the last few seconds, if any."""
        for seen_at, pet_box, label in reversed(self.pets_seen):
            if abs(t - seen_at) <= within_s and _overlap(_grown(pet_box, 0.5), box):
                return label
        return None

    @property
    def erratic(self) -> bool:
        """The light blob wandered back and forth (an insect) rather than sweeping through (headlights)."""
        path = np.asarray(self.blob_path, dtype=np.float64)
        if len(path) < 5:
            return False
        travelled = float(np.linalg.norm(np.diff(path, axis=0), axis=1).sum())
        return travelled > 0 and float(np.linalg.norm(path[-1] - path[0])) / travelled < 0.4

    def offer_snapshot(self, rank: float, image: np.ndarray, boxes: tuple[Marked, ...]) -> None:
        if rank > self.snapshot_rank:
            self.snapshot_rank, self.snapshot = rank, (image, boxes)


def _grown(box: tuple, by: float) -> tuple:
    x1, y1, x2, y2 = box
    dx, dy = (x2 - x1) * by, (y2 - y1) * by
    return x1 - dx, y1 - dy, x2 + dx, y2 + dy


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
