import numpy as np
import pytest

from camfilter.config import MotionSettings
from camfilter.motion.frame_diff import FrameDiffGate
from tests.conftest import need_shared, read_frames


@pytest.fixture(scope="module")
def vtest_frames():
    (clip,) = need_shared("media/vtest.avi")
    return read_frames(clip, 0, 60)


def noisy(image, rng, sigma=4.0):
    return np.clip(image.astype(np.float32) + rng.normal(0, sigma, image.shape), 0, 255).astype(np.uint8)


def test_sensor_noise_on_a_static_scene_is_not_motion(vtest_frames):
    gate, rng = FrameDiffGate(MotionSettings()), np.random.default_rng(1)
    results = [gate.check(noisy(vtest_frames[0], rng)) for _ in range(60)]
    assert results[0].calibrating
    assert not any(m.moving for m in results[10:])
    assert max(m.changed_fraction for m in results[10:]) < 0.01


def test_walking_people_give_boxes_in_frame_coordinates(vtest_frames):
    gate = FrameDiffGate(MotionSettings())
    results = [gate.check(f) for f in vtest_frames]
    moving = [m for m in results[10:] if m.moving]
    assert len(moving) >= 40
    for box in moving[-1].boxes:
        assert 0 <= box[0] < box[2] <= 768 and 0 <= box[1] < box[3] <= 576


def test_light_change_is_one_whole_frame_region_then_relearned(vtest_frames):
    gate = FrameDiffGate(MotionSettings())
    for _ in range(10):
        gate.check(vtest_frames[0])
    dark = (vtest_frames[0] * 0.4).astype(np.uint8)
    flash = gate.check(dark)
    assert flash.lighting and flash.boxes == ((0, 0, 768, 576),)
    after = gate.check(dark)
    assert not after.lighting and not after.moving


def test_motion_masks_hide_moving_areas(vtest_frames):
    everywhere = (((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)),)
    gate = FrameDiffGate(MotionSettings(masks=everywhere))
    assert not any(gate.check(f).moving for f in vtest_frames)


def test_even_blur_is_rejected():
    with pytest.raises(ValueError):
        MotionSettings(blur=4)


def test_ir_switch_is_lighting_then_a_still_scene_stays_still(vtest_frames):
    from camfilter.bench import effects as fx

    gate = FrameDiffGate(MotionSettings(mode_switch_grace_s=3.0))
    for i in range(10):
        gate.check(vtest_frames[0], i / 10)
    ir = fx.infrared(vtest_frames[0], 1.4, 20)  # the IR illuminator comes on: grey and brighter
    results = [gate.check(ir, 1.0 + i / 10) for i in range(40)]
    assert results[0].lighting and gate.scene.mode == "ir"
    assert gate._in_grace(4.0)
    assert not any(m.moving for m in results[-10:])  # the grace window does not invent motion
