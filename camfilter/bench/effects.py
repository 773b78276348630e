"""Procedural effects applied to real frames: shadows, light, IR, rain, headlights, insects. Pure numpy/OpenCV."""

from __future__ import annotations

import cv2
import numpy as np


def soft_ellipse(shape: tuple[int, int], centre: tuple[float, float], axes: tuple[float, float],
                 angle: float = 0.0, softness: int = 31) -> np.ndarray:
    """Float mask 0..1 with a blurred edge."""
    mask = np.zeros(shape, np.float32)
    cv2.ellipse(mask, (int(centre[0]), int(centre[1])), (int(axes[0]), int(axes[1])), angle, 0, 360, 1.0, -1)
    return cv2.GaussianBlur(mask, (softness, softness), 0)


def shade(image: np.ndarray, mask: np.ndarray, darkness: float) -> np.ndarray:
    """Darken where mask is 1 by `darkness` (0.5 halves the light), keeping colour and texture: a shadow."""
    factor = 1.0 - darkness * mask[:, :, None]
    return np.clip(image.astype(np.float32) * factor, 0, 255).astype(np.uint8)


def brighten(image: np.ndarray, gain: float, offset: float = 0.0, mask: np.ndarray | None = None) -> np.ndarray:
    lit = image.astype(np.float32) * gain + offset
    if mask is not None:
        lit = image * (1 - mask[:, :, None]) + lit * mask[:, :, None]
    return np.clip(lit, 0, 255).astype(np.uint8)


def infrared(image: np.ndarray, gain: float = 0.9, offset: float = 10.0) -> np.ndarray:
    """What an IR camera sends: no colour, flatter contrast."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float32) * gain + offset
    return cv2.cvtColor(np.clip(grey, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


def night(image: np.ndarray, level: float = 0.3) -> np.ndarray:
    return np.clip(image.astype(np.float32) * level, 0, 255).astype(np.uint8)


def sensor_noise(image: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    """Gaussian noise; the same on all channels where the picture is grey (IR sensors have no colour)."""
    grey = bool(np.array_equal(image[:, :, 0], image[:, :, 1]) and np.array_equal(image[:, :, 1], image[:, :, 2]))
    noise = rng.normal(0, sigma, image.shape[:2] + (1,) if grey else image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def rain(image: np.ndarray, rng: np.random.Generator, drops: int = 180, length: int = 14) -> np.ndarray:
    """Bright short streaks, new positions every frame (lit by the IR illuminator)."""
    out = image.copy()
    h, w = out.shape[:2]
    xs, ys = rng.integers(0, w, drops), rng.integers(0, h, drops)
    for x, y in zip(xs.tolist(), ys.tolist()):
        cv2.line(out, (x, y), (x + 2, y + length), (200, 200, 200), 1)
    return out


def snow(image: np.ndarray, rng: np.random.Generator, flakes: int = 150) -> np.ndarray:
    out = image.copy()
    h, w = out.shape[:2]
    for x, y, r in zip(rng.integers(0, w, flakes).tolist(), rng.integers(0, h, flakes).tolist(),
                       rng.integers(1, 4, flakes).tolist()):
        cv2.circle(out, (x, y), r, (235, 235, 235), -1)
    return out


def glow(image: np.ndarray, centre: tuple[float, float], radius: float, strength: float) -> np.ndarray:
    """A bright radial patch (a headlight beam on the ground, an insect lit by IR)."""
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    falloff = np.exp(-(((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / (2 * radius ** 2)))
    return np.clip(image.astype(np.float32) + strength * falloff[:, :, None], 0, 255).astype(np.uint8)


def paste(image: np.ndarray, patch: np.ndarray, x: int, y: int) -> np.ndarray:
    out = image.copy()
    h, w = patch.shape[:2]
    out[y:y + h, x:x + w] = patch
    return out
