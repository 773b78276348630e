"""Per-label score, size and shape rules, zones and masks; every dropped box keeps its reason."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from camfilter.config import FilterSettings
from camfilter.detection import Detections
from camfilter.geometry import bottom_centres, points_in_polygon, scaled_polygon


@dataclass(frozen=True)
class Rejection:
    label: str
    score: float
    reason: str  # "below min score", "too small", "too large", "wrong shape", "masked", "outside zones"


@dataclass(frozen=True, eq=False)
class Filtered:
    kept: Detections
    rejected: tuple[Rejection, ...]


class DetectionFilter:
    """Applies FilterSettings to detections of one camera (frame size fixed per camera)."""

    def __init__(self, settings: FilterSettings):
        self.settings = settings

    def apply(self, dets: Detections, frame_size: tuple[int, int]) -> Filtered:
        width, height = frame_size
        reasons = np.full(len(dets), "", dtype=object)
        known = np.array([label in self.settings.objects for label in dets.label], dtype=bool)
        reasons[~known] = "untracked label"
        for label, rule in self.settings.objects.items():
            mine = dets.label == label
            area = dets.width * dets.height / float(width * height)
            self._mark(reasons, mine & (dets.score < rule.min_score), "below min score")
            self._mark(reasons, mine & (area < rule.min_area), "too small")
            self._mark(reasons, mine & (area > rule.max_area), "too large")
            self._mark(reasons, mine & ((dets.aspect < rule.min_aspect) | (dets.aspect > rule.max_aspect)), "wrong shape")
        anchors = bottom_centres(dets.xyxy)
        self._mark(reasons, self._inside(anchors, self.settings.masks, width, height), "masked")
        if self.settings.zones:
            self._mark(reasons, ~self._inside(anchors, self.settings.zones, width, height), "outside zones")
        keep = reasons == ""
        rejected = tuple(Rejection(str(dets.label[i]), float(dets.score[i]), str(reasons[i]))
                         for i in np.flatnonzero(~keep) if reasons[i] != "untracked label")
        return Filtered(dets.select(keep), rejected)

    @staticmethod
    def _mark(reasons: np.ndarray, where: np.ndarray, reason: str) -> None:
        reasons[where & (reasons == "")] = reason

    @staticmethod
    def _inside(points: np.ndarray, polygons, width: int, height: int) -> np.ndarray:
        inside = np.zeros(len(points), dtype=bool)
        for polygon in polygons:
            inside |= points_in_polygon(points, scaled_polygon(polygon, width, height))
        return inside
