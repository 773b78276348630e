"""Events: one decision per motion episode, alert or suppressed with a reason a person can read."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Marked:
    """A box drawn on the snapshot."""

    xyxy: tuple[int, int, int, int]
    label: str
    score: float | None


@dataclass(frozen=True, eq=False)
class Decision:
    camera: str
    episode: int
    verdict: str  # "alert" | "suppressed"
    label: str | None
    reason: str
    start_s: float
    end_s: float
    score: float | None
    started_at: float  # wall clock, epoch seconds
    final: bool  # False: an alert sent mid-episode; a final copy with the real end follows
    boxes: tuple[Marked, ...] = ()
    image: np.ndarray | None = field(default=None, repr=False)

    def record(self) -> dict:
        return {"camera": self.camera, "verdict": self.verdict, "label": self.label, "reason": self.reason,
                "start_s": round(self.start_s, 3), "end_s": round(self.end_s, 3),
                "score": None if self.score is None else round(self.score, 3)}
