"""Boxes and polygons; numpy only."""

from __future__ import annotations

import numpy as np

Box = tuple[int, int, int, int]  # x1, y1, x2, y2 in frame pixels


def box_area(box: Box) -> int:
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])


def union(a: Box, b: Box) -> Box:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def bottom_centres(xyxy: np.ndarray) -> np.ndarray:
    """(n, 2) anchor points: the feet of a person, not the head; shadows drift off them."""
    return np.stack([(xyxy[:, 0] + xyxy[:, 2]) / 2, xyxy[:, 3]], axis=1) if len(xyxy) else np.zeros((0, 2))


def points_in_polygon(points: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """Even-odd ray casting; points (n, 2), polygon (m, 2) in the same units."""
    x, y = points[:, 0][:, None], points[:, 1][:, None]
    x1, y1 = polygon[:, 0][None, :], polygon[:, 1][None, :]
    x2, y2 = np.roll(polygon[:, 0], -1)[None, :], np.roll(polygon[:, 1], -1)[None, :]
    crosses = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
    return np.count_nonzero(crosses & (x < x_at), axis=1) % 2 == 1


def scaled_polygon(points: tuple[tuple[float, float], ...], width: int, height: int) -> np.ndarray:
    """Polygon from 0..1 config coordinates to pixels."""
    return np.asarray(points, dtype=np.float64) * np.array([width, height], dtype=np.float64)
