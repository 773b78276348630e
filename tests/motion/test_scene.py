import numpy as np
import pytest

from camfilter.bench import effects as fx
from camfilter.motion.scene import DAY, IR, NIGHT, SceneMode, looks_like
from tests.conftest import need_shared, read_frames


@pytest.fixture(scope="module")
def plaza():
    (clip,) = need_shared("media/vtest.avi")
    return read_frames(clip, 0, 1)[0]


def test_modes_of_real_frames(plaza):
    rng = np.random.default_rng(0)
    assert looks_like(plaza) == DAY
    assert looks_like(fx.night(plaza, 0.3)) == NIGHT
    assert looks_like(fx.sensor_noise(fx.infrared(plaza), rng, 4)) == IR


def test_switch_needs_three_frames(plaza):
    mode = SceneMode()
    ir = fx.infrared(plaza)
    assert mode.update(plaza) is False and mode.mode == DAY
    assert [mode.update(ir) for _ in range(3)] == [False, False, True] and mode.mode == IR and mode.dark
    assert mode.update(plaza) is False and mode.mode == IR  # one odd frame is not a switch
