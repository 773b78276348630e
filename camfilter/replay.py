"""Run the pipeline over video files as fast as the machine allows."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from camfilter.config import CameraSettings
from camfilter.detection import Detector
from camfilter.events import Decision
from camfilter.pipeline import CameraPipeline
from camfilter.sources import Frame, SourceError
from camfilter.sources.decode import decode

Progress = Callable[[int, int], None]  # frames done, frames total (0 if unknown)


def probe_frames(path: str) -> int:
    import av  # only for the frame count shown by the progress bar

    try:
        with av.open(path) as container:
            return int(container.streams.video[0].frames or 0) if container.streams.video else 0
    except Exception:  # the real open in decode() reports the error
        return 0


class ClipReplay:
    """Replays one clip through a fresh pipeline; `timings` holds the per-stage cost afterwards."""

    def __init__(self, camera: str, settings: CameraSettings, detector: Detector, model_size: int = 640,
                 wall: Callable[[], float] = time.time):
        self.pipeline = CameraPipeline(camera, settings, detector, model_size)
        self.camera, self._wall = camera, wall

    @property
    def timings(self):
        return self.pipeline.timings

    def run(self, path: str, progress: Progress | None = None, max_frames: int | None = None) -> Iterator[Decision]:
        """Yield each final decision of the clip in order. Raises SourceError for an unreadable file."""
        if not Path(path).is_file():
            raise SourceError(f"{path}: no such file")
        total = probe_frames(path) if progress else 0
        start_wall, t = self._wall(), 0.0
        for index, (t, _fps, image) in enumerate(decode(path, 10.0, 10.0)):
            if max_frames is not None and index >= max_frames:
                break
            yield from self._final(self.pipeline.step(Frame(self.camera, index, t, start_wall + t, image)))
            if progress and index % 10 == 0:
                progress(index + 1, total)
        if self.timings.frames == 0:
            raise SourceError(f"{path}: not a readable video (no frames)")
        yield from self._final(self.pipeline.finish(t))
        if progress:
            progress(self.timings.frames, max(total, self.timings.frames))

    @staticmethod
    def _final(decisions: list[Decision]) -> Iterator[Decision]:
        return (d for d in decisions if d.final)
