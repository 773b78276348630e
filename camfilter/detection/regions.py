"""Motion boxes -> a few square crops sized for the model, so small people are seen at model resolution."""

from __future__ import annotations

import numpy as np

from camfilter.detection import Detections, Detector
from camfilter.geometry import Box, box_area, overlap, union


def plan_regions(boxes: list[Box], frame_size: tuple[int, int], min_side: int, max_regions: int = 3) -> list[Box]:
    """Square regions around moving boxes, merged while they overlap; the whole frame if that is cheaper."""
    width, height = frame_size
    full = (0, 0, width, height)
    regions = [_square(b, frame_size, min_side) for b in boxes]
    merged = True
    while merged:
        merged = False
        for i in range(len(regions)):
            for j in range(i + 1, len(regions)):
                if overlap(regions[i], regions[j]):
                    regions[i] = _square(union(regions[i], regions[j]), frame_size, min_side, margin=1.0)
                    del regions[j]
                    merged = True
                    break
            if merged:
                break
    covered = sum(box_area(r) for r in regions)
    if not regions:
        return []
    if len(regions) > max_regions or covered >= 0.6 * width * height:
        return [full]
    return regions


def _square(box: Box, frame_size: tuple[int, int], min_side: int, margin: float = 1.2) -> Box:
    width, height = frame_size
    side = max(min_side, int(margin * max(box[2] - box[0], box[3] - box[1])))
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    w, h = min(side, width), min(side, height)
    x1 = int(min(max(0, cx - w / 2), width - w))
    y1 = int(min(max(0, cy - h / 2), height - h))
    return x1, y1, x1 + w, y1 + h


def detect_regions(detector: Detector, image: np.ndarray, regions: list[Box]) -> Detections:
    """Run the detector on each crop and map boxes back to frame coordinates."""
    parts = []
    for x1, y1, x2, y2 in regions:
        crop = image[y1:y2, x1:x2]
        parts.append(detector.detect(crop).shifted(x1, y1))
    return Detections.concat(parts)
