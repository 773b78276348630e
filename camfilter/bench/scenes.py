"""Deterministic (seeded) clips composed from real footage, for the benchmark and the tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import av
import cv2
import numpy as np

from camfilter.sources.decode import decode


def empty_background(clip: Path, every: int = 20) -> np.ndarray:
    """The per-pixel median of every n-th frame: the scene with the passers-by removed."""
    picks = [image for i, (_, _, image) in enumerate(decode(str(clip), 10, 10)) if i % every == 0]
    return np.median(np.stack(picks), axis=0).astype(np.uint8)


def write_clip(path: Path, frames: list[np.ndarray], fps: int = 10) -> Path:
    """H.264 mp4 (baseline, no B-frames, an IDR every second): what cameras send."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.height, stream.width = frames[0].shape[:2]
        stream.pix_fmt = "yuv420p"
        stream.options = {"profile": "baseline", "bf": "0", "g": str(fps), "preset": "veryfast"}
        for image in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="bgr24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def static_noise_clip(path: Path, background: np.ndarray, seconds: int = 12, fps: int = 10,
                      sigma: float = 3.0, seed: int = 7) -> Path:
    """A fixed scene where only sensor noise changes."""
    rng = np.random.default_rng(seed)
    frames = [np.clip(background + rng.normal(0, sigma, background.shape), 0, 255).astype(np.uint8)
              for _ in range(seconds * fps)]
    return write_clip(path, frames, fps)


# --- the scenario benchmark's scenes -------------------------------------------------------------

@dataclass(frozen=True)
class Scene:
    name: str
    expect: str  # "alert" or "quiet"
    what: str
    fps: float
    frames: Callable[[], Iterator[np.ndarray]] = field(repr=False, compare=False)


def clip_frames(path: Path, start: int = 0, count: int = 10_000) -> Iterator[np.ndarray]:
    for i, (_, _, image) in enumerate(decode(str(path), 10, 10)):
        if i >= start + count:
            return
        if i >= start:
            yield image


def person_photo(shared: Path) -> np.ndarray:
    """A standing person cut from Ultralytics' bus.jpg, for posters."""
    bus = cv2.imread(str(shared / "media" / "images" / "bus.jpg"))
    return bus[394:898, 50:214]


def cat_photo() -> np.ndarray:
    from skimage import data  # scikit-image ships a real cat photograph (chelsea)

    return np.ascontiguousarray(data.chelsea()[:, :, ::-1])
