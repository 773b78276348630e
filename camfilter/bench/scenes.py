"""Deterministic (seeded) clips composed from real footage, for the benchmark and the tests."""

from __future__ import annotations

from pathlib import Path

import av
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
