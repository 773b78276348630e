import pytest

from camfilter.config import FilterSettings, ObjectRule
from camfilter.filters import DetectionFilter
from tests.conftest import dets

SIZE = (1000, 1000)
LOWER_HALF = (((0.0, 0.5), (1.0, 0.5), (1.0, 1.0), (0.0, 1.0)),)


@pytest.mark.parametrize("row, settings, reason", [
    ((100, 100, 150, 250, 0.80, "person"), FilterSettings(), None),
    ((100, 100, 150, 250, 0.30, "person"), FilterSettings(), "below min score"),
    ((100, 100, 400, 150, 0.80, "person"), FilterSettings(), "wrong shape"),          # low and wide: a shadow
    ((100, 100, 105, 110, 0.80, "person"),
     FilterSettings(objects={"person": ObjectRule(min_area=0.001)}), "too small"),
    ((0, 0, 900, 990, 0.80, "person"), FilterSettings(objects={"person": ObjectRule(max_area=0.5)}), "too large"),
    ((100, 100, 150, 250, 0.80, "person"), FilterSettings(zones=LOWER_HALF), "outside zones"),  # feet at y=250
    ((100, 600, 150, 750, 0.80, "person"), FilterSettings(zones=LOWER_HALF), None),
    ((100, 600, 150, 750, 0.80, "person"), FilterSettings(masks=LOWER_HALF), "masked"),
    ((100, 100, 150, 250, 0.90, "car"), FilterSettings(), "untracked"),
    ((100, 100, 300, 250, 0.35, "cat"), FilterSettings(), None),
])
def test_filter_table(row, settings, reason):
    result = DetectionFilter(settings).apply(dets(row), SIZE)
    if reason is None:
        assert len(result.kept) == 1 and not result.rejected
    elif reason == "untracked":
        assert len(result.kept) == 0 and not result.rejected  # labels nobody asked for are dropped silently
    else:
        assert len(result.kept) == 0 and [r.reason for r in result.rejected] == [reason]


def test_mixed_batch_keeps_order_and_labels():
    batch = dets((0, 0, 50, 150, 0.9, "person"), (0, 0, 50, 150, 0.1, "person"), (0, 0, 90, 60, 0.6, "dog"))
    result = DetectionFilter(FilterSettings()).apply(batch, SIZE)
    assert result.kept.label.tolist() == ["person", "dog"]
    assert [(r.label, r.reason) for r in result.rejected] == [("person", "below min score")]
