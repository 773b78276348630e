"""The cheap motion gate: decides which frames and regions are worth the detector, and what moved."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from camfilter.geometry import Box


@dataclass(frozen=True, eq=False)
class Motion:
    boxes: tuple[Box, ...]  # moving regions in frame pixels
    changed_fraction: float  # share of the (unmasked) frame that changed
    kinds: tuple[str, ...] = ()  # per box: "object", "shadow", "light" or "blur" (see motion.appearance)
    lighting: bool = False  # whole-frame change: lights, IR switch, exposure jump
    scattered: bool = False  # many tiny blobs all over the frame: rain or snow
    mode: str = "day"  # "day", "night" or "ir"
    calibrating: bool = False  # still learning the background
    mask: np.ndarray | None = field(default=None, repr=False)  # changed pixels at gate resolution
    scale: float = 1.0  # frame pixels per mask pixel

    @property
    def moving(self) -> bool:
        return bool(self.boxes)

    def changed_inside(self, box: tuple[float, float, float, float]) -> float:
        """Share of changed pixels inside a frame-pixel box (0 when there is no mask)."""
        if self.mask is None:
            return 0.0
        x1, y1, x2, y2 = (int(round(v / self.scale)) for v in box)
        patch = self.mask[max(0, y1):max(0, y2), max(0, x1):max(0, x2)]
        return float(np.count_nonzero(patch)) / patch.size if patch.size else 0.0


STILL = Motion(boxes=(), changed_fraction=0.0)
