"""Day, night or infrared: read from the picture itself, with hysteresis so one odd frame is not a switch."""

from __future__ import annotations

import cv2
import numpy as np

DAY, NIGHT, IR = "day", "night", "ir"


def looks_like(small_bgr: np.ndarray, grey_saturation: float = 12.0, dark_brightness: float = 60.0) -> str:
    """IR cameras send grey pictures (no saturation); night is dark; else day."""
    hsv = cv2.cvtColor(cv2.GaussianBlur(small_bgr, (5, 5), 0), cv2.COLOR_BGR2HSV)  # blur: colour noise is not colour
    if float(hsv[:, :, 1].mean()) < grey_saturation:
        return IR
    return NIGHT if float(hsv[:, :, 2].mean()) < dark_brightness else DAY


class SceneMode:
    """Tracks the camera's mode; `update` returns True on the frame where a switch is accepted."""

    def __init__(self, frames_to_switch: int = 3):
        self.mode: str | None = None
        self._candidate: str | None = None
        self._count = 0
        self._frames_to_switch = frames_to_switch

    def update(self, small_bgr: np.ndarray) -> bool:
        seen = looks_like(small_bgr)
        if self.mode is None:
            self.mode = seen
            return False
        if seen == self.mode:
            self._candidate, self._count = None, 0
            return False
        self._count = self._count + 1 if seen == self._candidate else 1
        self._candidate = seen
        if self._count >= self._frames_to_switch:
            self.mode, self._candidate, self._count = seen, None, 0
            return True
        return False

    @property
    def dark(self) -> bool:
        return self.mode in (NIGHT, IR)
