"""Frame difference against a running average on a downscaled, blurred grey image."""

from __future__ import annotations

import cv2
import numpy as np

from camfilter.config import MotionSettings
from camfilter.geometry import scaled_polygon
from camfilter.motion import Motion
from camfilter.motion.appearance import classify_region
from camfilter.motion.scene import SceneMode


class FrameDiffGate:
    def __init__(self, settings: MotionSettings):
        self.settings = settings
        self.scene = SceneMode()
        self._background: np.ndarray | None = None  # grey, blurred, float32
        self._colour: np.ndarray | None = None  # BGR, float32, for telling shadows and light from objects
        self._mask: np.ndarray | None = None
        self._seen = 0
        self._switched_at: float | None = None
        self._kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))

    def reset(self) -> None:
        self._background, self._seen = None, 0

    def check(self, image: np.ndarray, t: float = 0.0) -> Motion:
        small, grey, scale = self._prepare(image)
        if self._background is None or self._background.shape != grey.shape:
            self._relearn(small, grey)
            self._seen, self._mask = 0, self._build_mask(grey.shape)
        self._seen += 1
        if self._seen % 5 == 1 and self.scene.update(small):  # the mode changes slowly: look every 5th frame
            self._switched_at = t
        mode = self.scene.mode
        if self._seen <= self.settings.warmup_frames:
            cv2.accumulateWeighted(grey, self._background, 1.0 / self._seen)
            cv2.accumulateWeighted(small.astype(np.float32), self._colour, 1.0 / self._seen)
            return Motion((), 0.0, mode=mode, calibrating=True)
        changed = self._changed(grey)
        fraction = float(np.count_nonzero(changed)) / max(1, int(np.count_nonzero(self._mask)))
        full = ((0, 0, image.shape[1], image.shape[0]),)
        settling = self._in_grace(t) and fraction >= 0.01  # after a mode switch, changes are the new light
        if fraction >= self.settings.lighting_fraction or settling or self._global_shift(grey):
            # Lights, IR switch or exposure jump: one whole-frame region, and re-learn the scene at once.
            self._relearn(small, grey)
            return Motion(full, fraction, ("light",), lighting=True, mode=mode, mask=changed, scale=scale)
        if fraction == 0.0:  # the usual case on a still scene: nothing to outline or classify
            self._learn(small, grey, colour_every=4)
            return Motion((), 0.0, mode=mode, mask=changed, scale=scale)
        boxes, kinds, scattered = self._regions(changed, small, scale, image.shape)
        self._learn(small, grey)
        if scattered:
            return Motion(full, fraction, ("blur",), scattered=True, mode=mode, mask=changed, scale=scale)
        return Motion(boxes, fraction, kinds, mode=mode, mask=changed, scale=scale)

    def _prepare(self, image: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        h, w = image.shape[:2]
        width = min(self.settings.width, w)
        height = max(1, round(h * width / w))
        small = cv2.resize(image, (width, height), interpolation=cv2.INTER_LINEAR)  # AREA costs 3 ms here
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        k = self.settings.blur
        return small, cv2.GaussianBlur(grey, (k, k), 0), w / width

    def _threshold(self) -> int:
        night = self.settings.night_pixel_threshold
        return night if night is not None and self.scene.dark else self.settings.pixel_threshold

    def _changed(self, grey: np.ndarray) -> np.ndarray:
        diff = cv2.absdiff(grey, cv2.convertScaleAbs(self._background))
        _, changed = cv2.threshold(diff, self._threshold(), 255, cv2.THRESH_BINARY)
        changed = cv2.bitwise_and(changed, self._mask)
        if not cv2.countNonZero(changed):
            return changed  # the usual case on a still scene: nothing to grow into blobs
        return cv2.dilate(changed, self._kernel, iterations=2)

    def _regions(self, changed: np.ndarray, small: np.ndarray, scale: float, shape: tuple):
        contours, _ = cv2.findContours(changed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        if len(contours) >= self.settings.scattered_blobs:
            return (), (), True
        min_pixels = self.settings.min_area * changed.size
        h, w = shape[:2]
        background = cv2.convertScaleAbs(self._colour)
        big = sorted((c for c in contours if cv2.contourArea(c) >= min_pixels), key=cv2.contourArea, reverse=True)
        boxes, kinds = [], []
        for rank, contour in enumerate(big):
            x, y, bw, bh = cv2.boundingRect(contour)
            kinds.append(self._kind(contour, changed, small, background) if rank < 4 else "object")
            boxes.append((int(x * scale), int(y * scale), min(w, int((x + bw) * scale)), min(h, int((y + bh) * scale))))
        return tuple(boxes), tuple(kinds), False

    def _global_shift(self, grey: np.ndarray) -> bool:
        """The whole picture got brighter or darker (dusk, clouds, auto-exposure), even if slowly."""
        before = float(self._background.mean()) + 1.0
        return abs((float(grey.mean()) + 1.0) / before - 1.0) >= self.settings.global_light_change

    @staticmethod
    def _kind(contour, changed: np.ndarray, small: np.ndarray, background: np.ndarray) -> str:
        x, y, bw, bh = cv2.boundingRect(contour)
        region = np.zeros_like(changed[y:y + bh, x:x + bw])
        cv2.drawContours(region, [contour - [x, y]], -1, 255, thickness=cv2.FILLED)
        region &= changed[y:y + bh, x:x + bw]
        return classify_region(small[y:y + bh, x:x + bw], background[y:y + bh, x:x + bw], region)

    def _in_grace(self, t: float) -> bool:
        return self._switched_at is not None and 0 <= t - self._switched_at < self.settings.mode_switch_grace_s

    def _learn(self, small: np.ndarray, grey: np.ndarray, colour_every: int = 1) -> None:
        """Blend the frame into the background; the colour copy (only for region kinds) may learn every n-th
        frame, n times as fast, which costs a quarter on a still scene."""
        alpha = self.settings.background_alpha
        cv2.accumulateWeighted(grey, self._background, alpha)
        if self._seen % colour_every == 0:
            cv2.accumulateWeighted(small.astype(np.float32), self._colour, min(1.0, alpha * colour_every))

    def _relearn(self, small: np.ndarray, grey: np.ndarray) -> None:
        self._background = grey.astype(np.float32)
        self._colour = small.astype(np.float32)

    def _build_mask(self, shape: tuple) -> np.ndarray:
        mask = np.full(shape, 255, np.uint8)
        for polygon in self.settings.masks:
            pts = scaled_polygon(polygon, shape[1], shape[0]).astype(np.int32)
            cv2.fillPoly(mask, [pts], 0)
        return mask
