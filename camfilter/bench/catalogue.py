"""The scenes camfilter must stay quiet on, and the ones where it must alert. Seeded and deterministic."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import cv2
import numpy as np

from camfilter.bench import effects as fx
from camfilter.bench.scenes import Scene, cat_photo, clip_frames, empty_background, person_photo

FPS = 10.0


def build_scenes(shared: Path, seed: int = 2026) -> list[Scene]:
    media = shared / "media"
    vtest, room = media / "vtest.avi", media / "intel_one-by-one-person-detection.mp4"
    plaza = empty_background(vtest)
    quiet = [
        Scene("static-noise", "quiet", "empty plaza, sensor noise only", FPS, partial(_still, plaza, seed)),
        Scene("cloud-shadow", "quiet", "a cloud's shadow drifts over the plaza", FPS, partial(_cloud, plaza, seed)),
        Scene("offscreen-person-shadow", "quiet", "the long shadow of someone outside the view", FPS,
              partial(_person_shadow, plaza, seed)),
        Scene("floodlight", "quiet", "a floodlight switches on, then off", FPS, partial(_floodlight, plaza, seed)),
        Scene("ir-switch", "quiet", "the camera switches from colour to IR", FPS, partial(_ir_switch, plaza, seed)),
        Scene("dusk", "quiet", "daylight fades over 8 s", FPS, partial(_dusk, plaza, seed)),
        Scene("lightning", "quiet", "two lightning flashes at night", FPS, partial(_lightning, plaza, seed)),
        Scene("rain-night", "quiet", "rain streaks under IR", FPS, partial(_weather, plaza, seed, fx.rain)),
        Scene("snow-night", "quiet", "snowflakes under IR", FPS, partial(_weather, plaza, seed, fx.snow)),
        Scene("headlights", "quiet", "headlights sweep across the plaza at night", FPS,
              partial(_headlights, plaza, seed)),
        Scene("insect-ir", "quiet", "a moth flutters in front of the lens under IR", FPS, partial(_insect, plaza, seed)),
        Scene("poster-flicker", "quiet", "a poster of a person while the lights flicker", FPS,
              partial(_poster, plaza, seed, person_photo(shared))),
        Scene("cat-walks-by", "quiet", "a cat (photo) crosses the plaza", FPS, partial(_cat, plaza, seed)),
        Scene("kittens-blur", "quiet", "blurred kittens YOLO calls person (real clip, frames 840-957)", 30.0,
              partial(clip_frames, media / "pet_kittens_indoor.mp4", 840, 117)),
        Scene("cat-on-grass", "quiet", "a cat running on a lawn, called dog (real clip)", 30.0,
              partial(clip_frames, media / "pet_cat_running_grass.mp4")),
    ]
    alert = [
        Scene("plaza-people", "alert", "pedestrians on the plaza (real clip)", FPS, partial(clip_frames, vtest, 0, 80)),
        Scene("person-enters-room", "alert", "a person walks into an empty room (real clip)", FPS,
              partial(clip_frames, room, 40, 100)),
        Scene("shadow-beach", "alert", "people with hard shadows (real clip)", FPS,
              partial(clip_frames, media / "shadow_beach.mp4")),
        Scene("shadow-basketball", "alert", "children with hard shadows (real clip)", FPS,
              partial(clip_frames, media / "shadow_basketball.mp4")),
        Scene("shadow-skateboard", "alert", "snowboarders with blue shadows (real clip)", FPS,
              partial(clip_frames, media / "shadow_skateboard.mp4")),
        Scene("small-distant", "alert", "the plaza seen from twice as far", FPS, partial(_far, vtest, plaza)),
        Scene("night-ir-person", "alert", "pedestrians under IR at night", FPS, partial(_ir_people, vtest, seed)),
        Scene("enter-during-light-change", "alert", "a person enters as the lights go up", FPS,
              partial(_enter_with_light, room)),
        Scene("partly-occluded", "alert", "pedestrians behind pillars", FPS, partial(_pillars, vtest)),
        Scene("walks-in-stands-still", "alert", "a person walks in, then stands still", FPS,
              partial(_stands_still, room, seed)),
    ]
    return quiet + alert


def _still(plaza, seed, seconds=8) -> Iterator[np.ndarray]:
    rng = np.random.default_rng(seed)
    for _ in range(int(seconds * FPS)):
        yield fx.sensor_noise(plaza, rng, 3.0)


def _cloud(plaza, seed, seconds=8):
    rng, (h, w) = np.random.default_rng(seed), plaza.shape[:2]
    for i in range(int(seconds * FPS)):
        x = -0.3 * w + 1.6 * w * i / (seconds * FPS)
        mask = fx.soft_ellipse((h, w), (x, h * 0.5), (w * 0.35, h * 0.6), softness=101)
        yield fx.sensor_noise(fx.shade(plaza, mask, 0.45), rng, 3.0)


def _person_shadow(plaza, seed, seconds=8):
    rng, (h, w) = np.random.default_rng(seed), plaza.shape[:2]
    for i in range(int(seconds * FPS)):
        x = 0.1 * w + 0.8 * w * i / (seconds * FPS)
        mask = fx.soft_ellipse((h, w), (x, h * 0.75), (18, 110), angle=60, softness=15)
        yield fx.sensor_noise(fx.shade(plaza, mask, 0.55), rng, 3.0)


def _floodlight(plaza, seed, seconds=8):
    rng = np.random.default_rng(seed)
    dark = fx.night(plaza, 0.45)
    for i in range(int(seconds * FPS)):
        lit = 2 * FPS <= i < 5 * FPS
        yield fx.sensor_noise(fx.brighten(dark, 1.9, 10) if lit else dark, rng, 3.0)


def _ir_switch(plaza, seed, seconds=8):
    rng = np.random.default_rng(seed)
    for i in range(int(seconds * FPS)):
        frame = fx.infrared(fx.night(plaza, 0.6), 1.3, 20) if i >= 3 * FPS else fx.night(plaza, 0.6)
        yield fx.sensor_noise(frame, rng, 3.0)


def _dusk(plaza, seed, seconds=8):
    rng = np.random.default_rng(seed)
    for i in range(int(seconds * FPS)):
        yield fx.sensor_noise(fx.night(plaza, 1.0 - 0.65 * i / (seconds * FPS)), rng, 3.0)


def _lightning(plaza, seed, seconds=8):
    rng = np.random.default_rng(seed)
    dark = fx.infrared(fx.night(plaza, 0.5))
    for i in range(int(seconds * FPS)):
        flash = i in (int(2 * FPS), int(5.5 * FPS))
        yield fx.sensor_noise(fx.brighten(dark, 2.5, 60) if flash else dark, rng, 4.0)


def _weather(plaza, seed, effect, seconds=8):
    rng = np.random.default_rng(seed)
    dark = fx.infrared(fx.night(plaza, 0.5))
    for _ in range(int(seconds * FPS)):
        yield fx.sensor_noise(effect(dark, rng), rng, 4.0)


def _headlights(plaza, seed, seconds=6):
    rng, (h, w) = np.random.default_rng(seed), plaza.shape[:2]
    dark = fx.night(plaza, 0.3)
    for i in range(int(seconds * FPS)):
        x = -0.2 * w + 1.4 * w * i / (seconds * FPS)
        yield fx.sensor_noise(fx.glow(fx.glow(dark, (x, h * 0.8), 90, 120), (x + 60, h * 0.6), 40, 90), rng, 3.0)


def _insect(plaza, seed, seconds=6):
    rng, (h, w) = np.random.default_rng(seed), plaza.shape[:2]
    dark = fx.infrared(fx.night(plaza, 0.5))
    x, y = w * 0.3, h * 0.3
    for _ in range(int(seconds * FPS)):
        x = float(np.clip(x + rng.normal(0, 60), 0, w))
        y = float(np.clip(y + rng.normal(0, 45), 0, h))
        yield fx.sensor_noise(fx.glow(dark, (x, y), 45, 170), rng, 4.0)


def _poster(plaza, seed, photo, seconds=8):
    rng = np.random.default_rng(seed)
    poster = cv2.resize(photo, (64, 196))
    wall = fx.paste(plaza, poster, 640, 140)
    for i in range(int(seconds * FPS)):
        lights = 1.0 if (i // 7) % 2 == 0 else 0.55
        yield fx.sensor_noise(fx.night(wall, lights), rng, 3.0)


def _cat(plaza, seed, seconds=6):
    rng, (h, w) = np.random.default_rng(seed), plaza.shape[:2]
    cat = cv2.resize(cat_photo(), (150, 100))
    for i in range(int(seconds * FPS)):
        x = int(20 + (w - 190) * i / (seconds * FPS))
        yield fx.sensor_noise(fx.paste(plaza, cat, x, int(h * 0.7)), rng, 3.0)


def _far(vtest, plaza):
    canvas = cv2.resize(plaza, (plaza.shape[1] * 2, plaza.shape[0] * 2))
    for frame in clip_frames(vtest, 0, 80):
        yield fx.paste(canvas, frame, canvas.shape[1] - frame.shape[1], canvas.shape[0] - frame.shape[0])


def _ir_people(vtest, seed):
    rng = np.random.default_rng(seed)
    for frame in clip_frames(vtest, 0, 80):
        yield fx.sensor_noise(fx.infrared(fx.night(frame, 0.5), 1.0, 15), rng, 5.0)


def _enter_with_light(room):
    for i, frame in enumerate(clip_frames(room, 40, 100)):
        yield fx.brighten(frame, 1.5, 15) if i >= 25 else frame


def _pillars(vtest):
    for frame in clip_frames(vtest, 0, 80):
        out = frame.copy()
        for x in (120, 330, 540):
            out[:, x:x + 70] = (70, 80, 75)
        yield out


def _stands_still(room, seed):
    rng = np.random.default_rng(seed)
    last = None
    for last in clip_frames(room, 40, 55):
        yield last
    for _ in range(int(8 * FPS)):
        yield fx.sensor_noise(last, rng, 2.0)
