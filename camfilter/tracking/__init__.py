"""Tracking: one track per object across frames (Ultralytics' ByteTrack), so one person is one event."""

from __future__ import annotations

from argparse import Namespace
from dataclasses import dataclass, field

import numpy as np

from camfilter.detection import Detections


@dataclass(frozen=True, eq=False)
class Tracks:
    """Detections matched to tracks in this frame."""

    xyxy: np.ndarray = field(default_factory=lambda: np.zeros((0, 4), np.float32))
    score: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    label: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="<U16"))
    track_id: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.track_id)


class _Boxes:
    """The Results-like view ByteTrack reads: xywh, conf, cls, boolean indexing."""

    def __init__(self, xyxy: np.ndarray, conf: np.ndarray, cls: np.ndarray):
        self.xyxy, self.conf, self.cls = xyxy, conf, cls
        self.xywh = np.column_stack([(xyxy[:, 0] + xyxy[:, 2]) / 2, (xyxy[:, 1] + xyxy[:, 3]) / 2,
                                     xyxy[:, 2] - xyxy[:, 0], xyxy[:, 3] - xyxy[:, 1]]) if len(xyxy) else np.zeros((0, 4))

    def __len__(self) -> int:
        return len(self.conf)

    def __getitem__(self, keep: np.ndarray) -> _Boxes:
        return _Boxes(self.xyxy[keep], self.conf[keep], self.cls[keep])


class ObjectTracker:
    """Wraps Ultralytics' BYTETracker; `frame_rate` is the detector rate, which sets how long lost tracks live."""

    def __init__(self, frame_rate: float, lost_s: float = 3.0):
        from ultralytics.trackers.byte_tracker import BYTETracker

        args = Namespace(track_high_thresh=0.25, track_low_thresh=0.1, new_track_thresh=0.25,
                         track_buffer=max(1, round(lost_s * frame_rate)), match_thresh=0.8, fuse_score=True)
        self._tracker = BYTETracker(args)
        self._labels: list[str] = []

    def update(self, dets: Detections) -> Tracks:
        cls = np.array([self._label_id(label) for label in dets.label], dtype=np.float32)
        out = self._tracker.update(_Boxes(dets.xyxy, dets.score, cls))
        if len(out) == 0:
            return Tracks()
        idx = out[:, 7].astype(int)
        return Tracks(out[:, :4].astype(np.float32), out[:, 5].astype(np.float32), dets.label[idx],
                      out[:, 4].astype(np.int64))

    def reset(self) -> None:
        self._tracker.reset()

    def _label_id(self, label: str) -> int:
        if label not in self._labels:
            self._labels.append(label)
        return self._labels.index(label)
