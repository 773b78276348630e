"""Shared fixtures: ../shared media and weights, the real detector, a scripted fake detector."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from camfilter.detection import Detections

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CAMFILTER_SHARED", ROOT.parent / "shared"))
MODEL = SHARED / "weights" / "yolo11n_int8_openvino_model"
MEDIA = SHARED / "media"


def need_shared(*relative: str) -> list[Path]:
    """Paths inside ../shared, or skip with the reason: real clips and weights live only there."""
    paths = [SHARED / r for r in relative]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"needs ../shared (real clips and weights, present in CI): missing {', '.join(missing)}")
    return paths


@pytest.fixture(scope="session")
def detector():
    """The real int8 OpenVINO YOLO11n, shared by every test that needs it."""
    need_shared("weights/yolo11n_int8_openvino_model")
    from camfilter.config import DetectorSettings
    from camfilter.detection.yolo import YoloDetector, prepare_offline

    os.environ.setdefault("YOLO_OFFLINE", "1")
    prepare_offline(os.environ, ROOT)
    return YoloDetector(DetectorSettings(model=str(MODEL)))


class FakeDetector:
    """Returns scripted detections, for unit tests of the decision logic only."""

    def __init__(self, script=None):
        self.script = script or (lambda image: Detections())
        self.calls = 0

    def detect(self, image: np.ndarray) -> Detections:
        self.calls += 1
        return self.script(image)


def dets(*rows: tuple) -> Detections:
    """dets((x1, y1, x2, y2, score, label), ...)"""
    if not rows:
        return Detections()
    return Detections(np.array([r[:4] for r in rows], np.float32), np.array([r[4] for r in rows], np.float32),
                      np.array([r[5] for r in rows], dtype="<U16"))


def read_frames(path: Path, start: int = 0, count: int = 1_000_000) -> list[np.ndarray]:
    from camfilter.sources.decode import decode

    frames = []
    for i, (_, _, image) in enumerate(decode(str(path), 10, 10)):
        if i >= start + count:
            break
        if i >= start:
            frames.append(image)
    return frames

