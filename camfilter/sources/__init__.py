"""Frame sources: RTSP cameras and video files, decoded with PyAV."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, eq=False)
class Frame:
    """One decoded picture. `pts_s` is stream time from the first frame; `wall` is epoch capture time."""

    camera: str
    index: int
    pts_s: float
    wall: float
    image: np.ndarray = field(repr=False)  # H x W x 3, BGR, uint8

    @property
    def size(self) -> tuple[int, int]:
        return self.image.shape[1], self.image.shape[0]


@dataclass(frozen=True)
class CameraStatus:
    camera: str
    url: str  # redacted
    state: str  # connecting | streaming | retrying | ended | stopped
    fps: float
    last_frame_age_s: float | None
    frames: int
    dropped: int
    reconnects: int
    error: str | None


class SourceError(Exception):
    """A source that cannot be opened or read; the message is safe to show (credentials redacted)."""
