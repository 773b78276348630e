import numpy as np
import pytest

from camfilter.detection.regions import detect_regions, plan_regions
from tests.conftest import FakeDetector, dets


@pytest.mark.parametrize("boxes, expected", [
    ([], []),
    ([(100, 100, 130, 180)], [(0, 0, 320, 320)]),                       # small person: square crop at model scale
    ([(600, 400, 640, 470)], [(448, 256, 768, 576)]),                   # clamped inside the frame
    ([(100, 100, 130, 180), (150, 120, 170, 200)], [(0, 0, 320, 320)]),  # overlapping crops merge
    ([(10, 10, 40, 60), (700, 500, 740, 560), (10, 500, 40, 560), (700, 10, 740, 60)], [(0, 0, 768, 576)]),
])
def test_plan_regions(boxes, expected):
    assert plan_regions(boxes, (768, 576), 320) == expected


def test_two_far_apart_people_get_two_crops():
    regions = plan_regions([(20, 20, 60, 120), (650, 400, 700, 520)], (1280, 720), 320)
    assert len(regions) == 2 and all(r[2] - r[0] == 320 for r in regions)


def test_detections_are_shifted_back_to_frame_coordinates():
    image = np.zeros((576, 768, 3), np.uint8)
    fake = FakeDetector(lambda crop: dets((10, 20, 30, 60, 0.9, "person")))
    out = detect_regions(fake, image, [(0, 0, 320, 320), (448, 256, 768, 576)])
    assert fake.calls == 2
    assert out.xyxy.tolist() == [[10, 20, 30, 60], [458, 276, 478, 316]]
