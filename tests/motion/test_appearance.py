"""Table-driven: what a changed region looks like, on small real crops from ../shared clips and photos."""

import cv2
import numpy as np
import pytest

from camfilter.bench import effects as fx
from camfilter.bench.scenes import empty_background
from camfilter.motion.appearance import BLUR, LIGHT, OBJECT, SHADOW, classify_region
from tests.conftest import need_shared, read_frames


@pytest.fixture(scope="module")
def plaza():
    """The empty vtest plaza at gate resolution, and a frame with pedestrians."""
    (clip,) = need_shared("media/vtest.avi")
    background = cv2.resize(empty_background(clip), (320, 240))
    people = cv2.resize(read_frames(clip, 100, 1)[0], (320, 240))
    return background, people


def _shadowed(bg):
    return fx.shade(bg, np.ones(bg.shape[:2], np.float32), 0.45)


def _lit(bg):
    return fx.brighten(bg, 1.5, 10)


def _blurred_blob(bg):
    blob = cv2.GaussianBlur(bg, (0, 0), 12)
    return np.clip(blob.astype(np.float32) * 0.3 + 150, 0, 255).astype(np.uint8)


def _cat(bg):
    from skimage import data

    cat = cv2.resize(np.ascontiguousarray(data.chelsea()[:, :, ::-1]), (bg.shape[1], bg.shape[0]))
    return cat


@pytest.mark.parametrize("make, expected", [
    (_shadowed, SHADOW),       # darker, same colour, same texture: a cast shadow
    (_lit, LIGHT),             # brighter, same texture: a beam or a lamp
    (_blurred_blob, BLUR),     # a smooth blob hides the paving: something out of focus near the lens
    (_cat, OBJECT),            # a real thing replaces the texture
])
def test_region_kinds_on_the_plaza(plaza, make, expected):
    background, _ = plaza
    patch_bg = background[140:220, 100:200]
    mask = np.full(patch_bg.shape[:2], 255, np.uint8)
    assert classify_region(make(patch_bg), patch_bg, mask) == expected


def test_a_real_pedestrian_is_an_object(plaza):
    background, people = plaza
    diff = cv2.absdiff(cv2.cvtColor(people, cv2.COLOR_BGR2GRAY), cv2.cvtColor(background, cv2.COLOR_BGR2GRAY))
    mask = (diff > 25).astype(np.uint8) * 255
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    x, y, w, h = cv2.boundingRect(max(contours, key=cv2.contourArea))
    kind = classify_region(people[y:y + h, x:x + w], background[y:y + h, x:x + w], mask[y:y + h, x:x + w])
    assert kind == OBJECT


def test_tiny_regions_are_objects(plaza):
    background, _ = plaza
    patch = background[:3, :3]
    assert classify_region(_shadowed(patch), patch, np.full((3, 3), 255, np.uint8)) == OBJECT
