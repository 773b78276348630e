"""What a moving region looks like against the background: shadow, light, blur, or a real thing.

Shadows darken a surface and light (headlights, lamps) brightens it, but both keep its texture: the
gradients of the region still match the background's. Something out of focus near the lens (insects,
webs, drops) hides the texture behind a smooth blob. Anything that replaces the texture is an object."""

from __future__ import annotations

import cv2
import numpy as np

SHADOW, LIGHT, BLUR, OBJECT = "shadow", "light", "blur", "object"


def pixel_ratio(current: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Brightness ratio current/background per pixel (grey, float)."""
    return (current.astype(np.float32) + 1.0) / (background.astype(np.float32) + 1.0)


def chroma_shift(current: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Largest change of normalised r, g, b per pixel (0 = same colour, brighter or darker)."""
    cur = current.astype(np.float32) + 1.0
    bg = background.astype(np.float32) + 1.0
    return np.abs(cur / cur.sum(axis=2, keepdims=True) - bg / bg.sum(axis=2, keepdims=True)).max(axis=2)


def texture_kept(current: np.ndarray, background: np.ndarray, mask: np.ndarray) -> float:
    """Correlation of gradient magnitudes inside the mask: ~1 when the surface texture shows through."""
    def gradient(grey):
        gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)
        gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)
        return cv2.magnitude(gx, gy)[mask > 0]

    a, b = gradient(current), gradient(background)
    if a.size < 16 or a.std() < 1e-3 or b.std() < 1e-3:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def classify_region(current_bgr: np.ndarray, background_bgr: np.ndarray, mask: np.ndarray) -> str:
    """The kind of one changed region (all arrays at gate resolution; mask > 0 marks changed pixels)."""
    inside = mask > 0
    if np.count_nonzero(inside) < 16:
        return OBJECT
    cur_grey = cv2.cvtColor(current_bgr, cv2.COLOR_BGR2GRAY)
    bg_grey = cv2.cvtColor(background_bgr, cv2.COLOR_BGR2GRAY)
    ratio = pixel_ratio(cur_grey, bg_grey)[inside]
    if texture_kept(cur_grey, bg_grey, mask) >= 0.45:
        # The surface shows through: only the light on it changed (a shadow arriving or leaving, a beam).
        darker, brighter = np.mean(ratio < 0.95), np.mean(ratio > 1.05)
        if brighter > darker:
            return LIGHT
        same_colour = np.mean(chroma_shift(current_bgr, background_bgr)[inside] < 0.06)
        return SHADOW if same_colour >= 0.6 else OBJECT  # a shadow keeps the colour it falls on
    if _smooth(cur_grey, mask) and _smooth_background_edges_lost(cur_grey, bg_grey, mask):
        return BLUR
    return OBJECT


def _smooth(grey: np.ndarray, mask: np.ndarray) -> bool:
    """Little high-frequency detail inside the region (out of focus)."""
    lap = cv2.Laplacian(grey, cv2.CV_32F)[mask > 0]
    return float(lap.var()) < 12.0


def _smooth_background_edges_lost(current: np.ndarray, background: np.ndarray, mask: np.ndarray) -> bool:
    """The region hides detail the background had (a blob in front of the scene, not a plain wall)."""
    before = float(cv2.Laplacian(background, cv2.CV_32F)[mask > 0].var())
    after = float(cv2.Laplacian(current, cv2.CV_32F)[mask > 0].var())
    return after < 0.5 * before
