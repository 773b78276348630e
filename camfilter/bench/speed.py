"""Speed, side by side in one run: decode only, detector on every frame, camfilter."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from camfilter.config import CameraSettings
from camfilter.detection import Detector
from camfilter.replay import ClipReplay
from camfilter.sources.decode import decode

CLIPS = ("vtest.avi", "intel_one-by-one-person-detection.mp4", "pet_kittens_indoor.mp4", "shadow_beach.mp4")


@dataclass
class SpeedRow:
    clip: str
    frames: int
    decode_fps: float
    every_frame_fps: float
    camfilter_fps: float
    detector_passes: int
    stage_ms: dict = field(default_factory=dict)

    @property
    def speedup(self) -> float:
        return self.camfilter_fps / self.every_frame_fps if self.every_frame_fps else 0.0


def decode_only(path: Path, max_frames: int) -> tuple[int, float]:
    start, n = time.perf_counter(), 0
    for n, _ in enumerate(decode(str(path), 10, 10), 1):
        if n >= max_frames:
            break
    return n, time.perf_counter() - start


def every_frame(path: Path, detector: Detector, max_frames: int) -> tuple[int, float]:
    """The baseline: decode and run the detector on every whole frame."""
    start, n = time.perf_counter(), 0
    for n, (_, _, image) in enumerate(decode(str(path), 10, 10), 1):
        detector.detect(image)
        if n >= max_frames:
            break
    return n, time.perf_counter() - start


def camfilter_replay(path: Path, detector: Detector, max_frames: int) -> tuple[ClipReplay, float]:
    replay = ClipReplay(path.stem, CameraSettings(url=str(path)), detector)
    start = time.perf_counter()
    for _ in replay.run(str(path), max_frames=max_frames):
        pass
    return replay, time.perf_counter() - start


def measure_clip(path: Path, detector: Detector, max_frames: int) -> SpeedRow:
    frames, t_decode = decode_only(path, max_frames)
    _, t_every = every_frame(path, detector, max_frames)
    replay, t_camfilter = camfilter_replay(path, detector, max_frames)
    return SpeedRow(path.name, frames, frames / t_decode, frames / t_every, frames / t_camfilter,
                    replay.timings.detector_passes, replay.timings.mean_ms())


def resident_memory_mb(media: Path, model: str, cameras: int = 4, seconds: float = 20.0) -> float:
    """Peak RSS of `camfilter run` watching `cameras` looping clips at their native rate."""
    clip = media / "vtest.avi"
    with tempfile.TemporaryDirectory() as data:
        args = [sys.executable, "-m", "camfilter", "run", "--model", model, "--data", data,
                "--listen", "127.0.0.1:0"]
        for i in range(cameras):
            args += ["--camera", f"cam{i}={clip}"]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
        peak, deadline = 0.0, time.monotonic() + seconds
        while time.monotonic() < deadline and proc.poll() is None:
            peak = max(peak, _rss_mb(proc.pid))
            time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    return peak


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
