import numpy as np
import pytest

from camfilter.events import Decision, Marked
from camfilter.sinks.store import DecisionStore


@pytest.fixture
def store(tmp_path):
    """Two decisions: an alert with a picture, a suppressed one without."""
    s = DecisionStore(tmp_path)
    image = np.zeros((60, 80, 3), np.uint8)
    s.add(Decision("front", 1, "alert", "person", "person confirmed", 0, 3, 0.9, 1e9, True,
                   (Marked((1, 1, 20, 40), "person", 0.9),), image), "s", 1e9 + 3.25)
    s.add(Decision("front", 2, "suppressed", "cat", "cat, not person", 5, 8, 0.6, 1e9 + 5, True), "s", 1e9 + 8.5)
    return s
