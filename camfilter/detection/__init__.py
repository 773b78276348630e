"""Detections: one columnar value type, and the Detector seam."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


@dataclass(frozen=True, eq=False)
class Detections:
    xyxy: np.ndarray = field(default_factory=lambda: np.zeros((0, 4), np.float32))  # (n, 4) frame pixels
    score: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # (n,)
    label: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="<U16"))  # (n,) class names

    def __post_init__(self) -> None:
        n = len(self.xyxy)
        if self.xyxy.shape != (n, 4) or self.score.shape != (n,) or self.label.shape != (n,):
            raise ValueError("Detections columns must have matching lengths")

    def __len__(self) -> int:
        return len(self.xyxy)

    def select(self, keep: np.ndarray) -> Detections:
        return Detections(self.xyxy[keep], self.score[keep], self.label[keep])

    @property
    def width(self) -> np.ndarray:
        return self.xyxy[:, 2] - self.xyxy[:, 0]

    @property
    def height(self) -> np.ndarray:
        return self.xyxy[:, 3] - self.xyxy[:, 1]

    @property
    def aspect(self) -> np.ndarray:
        return self.width / np.maximum(self.height, 1e-6)

    @staticmethod
    def concat(parts: list[Detections]) -> Detections:
        parts = [p for p in parts if len(p)]
        if not parts:
            return Detections()
        return Detections(np.concatenate([p.xyxy for p in parts]), np.concatenate([p.score for p in parts]),
                          np.concatenate([p.label for p in parts]))

    def shifted(self, dx: float, dy: float) -> Detections:
        return Detections(self.xyxy + np.array([dx, dy, dx, dy], np.float32), self.score, self.label)


class Detector(Protocol):
    def detect(self, image: np.ndarray) -> Detections: ...


class DetectorError(Exception):
    """The model cannot be loaded; the message says what to do."""
