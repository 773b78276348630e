"""What one motion episode has seen so far: tracks with score history, rejections, the best snapshot."""

from __future__ import annotations

import collections
import statistics
from dataclasses import dataclass, field

import numpy as np

from camfilter.events import Marked


@dataclass
class TrackHistory:
    label: str
    window: int
    scores: collections.deque = field(init=False)
    hits: int = 0
    best: float = 0.0

    def __post_init__(self) -> None:
        self.scores = collections.deque(maxlen=self.window)

    def seen(self, score: float) -> None:
        self.scores.append(score)
        self.hits += 1
        self.best = max(self.best, score)

    def missed(self) -> None:
        self.scores.append(0.0)

    @property
    def median(self) -> float:
        return statistics.median(self.scores) if self.scores else 0.0


@dataclass
class Episode:
    number: int
    start_s: float
    started_at: float
    last_motion_s: float
    window: int
    tracks: dict[int, TrackHistory] = field(default_factory=dict)
    rejections: collections.Counter = field(default_factory=collections.Counter)
    lighting_frames: int = 0
    motion_frames: int = 0
    alert: tuple[str, float] | None = None  # label and median score that confirmed it
    snapshot_rank: float = -1.0
    snapshot: tuple[np.ndarray | None, tuple[Marked, ...]] = (None, ())

    @property
    def alerted(self) -> bool:
        return self.alert is not None

    def history(self, track_id: int, label: str) -> TrackHistory:
        track = self.tracks.get(track_id)
        if track is None:
            track = self.tracks[track_id] = TrackHistory(label, self.window)
        track.label = label
        return track

    def offer_snapshot(self, rank: float, image: np.ndarray, boxes: tuple[Marked, ...]) -> None:
        if rank > self.snapshot_rank:
            self.snapshot_rank, self.snapshot = rank, (image, boxes)
