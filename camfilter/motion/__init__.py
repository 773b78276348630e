"""The cheap motion gate: decides which frames and regions are worth the detector."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from camfilter.geometry import Box


@dataclass(frozen=True, eq=False)
class Motion:
    boxes: tuple[Box, ...]  # moving regions in frame pixels
    changed_fraction: float  # share of the (unmasked) frame that changed
    lighting: bool = False  # whole-frame change: lights, IR switch, exposure jump
    calibrating: bool = False  # still learning the background
    mask: np.ndarray | None = field(default=None, repr=False)  # changed pixels at gate resolution
    scale: float = 1.0  # frame pixels per mask pixel

    @property
    def moving(self) -> bool:
        return bool(self.boxes)


STILL = Motion(boxes=(), changed_fraction=0.0)
