"""DeepStack-compatible detection endpoint: the real model on bus.jpg, and clear 4xx answers for bad input."""

import io
import time

import pytest
from PIL import Image

from camfilter.config import WebSettings
from camfilter.sinks.store import DecisionStore
from camfilter.web import create_app
from tests.conftest import FakeDetector, dets, need_shared
from tests.web.test_api import StaticRuntime


def client_for(tmp_path, detector, **web):
    return create_app(StaticRuntime(), DecisionStore(tmp_path), web=WebSettings(**web), detector=detector,
                      testing=True).test_client()


def png(width=64, height=48) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def post(client, data: dict):
    return client.post("/v1/vision/detection", data=data, content_type="multipart/form-data")


@pytest.mark.model
def test_bus_photo_gives_people_and_the_bus_in_deepstack_shape(tmp_path, detector):
    (bus,) = need_shared("media/images/bus.jpg")
    client = client_for(tmp_path, detector)
    jpeg = bus.read_bytes()
    post(client, {"image": (io.BytesIO(jpeg), "bus.jpg")})  # warm
    times = []
    for _ in range(5):
        start = time.perf_counter()
        answer = post(client, {"image": (io.BytesIO(jpeg), "bus.jpg"), "min_confidence": "0.5"})
        times.append((time.perf_counter() - start) * 1000)
    print(f"\nDeepStack bus.jpg (810x1080) round trip: median {sorted(times)[2]:.0f} ms, "
          f"min {min(times):.0f} ms over 5")
    assert answer.status_code == 200 and answer.json["success"] is True
    predictions = answer.json["predictions"]
    labels = [p["label"] for p in predictions]
    assert labels.count("person") >= 3 and "bus" in labels
    assert all(p["confidence"] >= 0.5 for p in predictions)
    assert set(predictions[0]) == {"label", "confidence", "x_min", "y_min", "x_max", "y_max"}
    bus_box = predictions[labels.index("bus")]
    assert bus_box["x_max"] - bus_box["x_min"] > 600 and 0 <= bus_box["x_min"] < bus_box["x_max"] <= 810


def test_min_confidence_filters_and_boxes_are_integers(tmp_path):
    fake = FakeDetector(lambda image: dets((1.6, 2.2, 30.9, 40.1, 0.9, "person"), (5, 5, 9, 9, 0.3, "cat")))
    client = client_for(tmp_path, fake)
    answer = post(client, {"image": (io.BytesIO(png()), "x.png"), "min_confidence": "0.5"})
    assert answer.json["predictions"] == [{"label": "person", "confidence": 0.9, "x_min": 1, "y_min": 2,
                                           "x_max": 30, "y_max": 40}]
    assert len(post(client, {"image": (io.BytesIO(png()), "x.png")}).json["predictions"]) == 1  # default 0.4
    assert len(post(client, {"image": (io.BytesIO(png()), "x.png"), "min_confidence": "0"}).json["predictions"]) == 2


@pytest.mark.parametrize("data, status, words", [
    ({}, 400, "named 'image'"),
    ({"image": (io.BytesIO(b""), "x.jpg")}, 400, "empty"),
    ({"image": (io.BytesIO(b"not a picture at all"), "x.jpg")}, 400, "not a readable image"),
    ({"image": (io.BytesIO(b"\xff\xd8\xff\xe0" + b"\0" * 200), "x.jpg")}, 400, "not a readable image"),
    ({"image": (io.BytesIO(png()), "x.png"), "min_confidence": "high"}, 400, "min_confidence"),
    ({"image": (io.BytesIO(png()), "x.png"), "min_confidence": "1.5"}, 400, "min_confidence"),
])
def test_bad_input_is_a_clear_4xx_json(tmp_path, data, status, words):
    pytest.importorskip("ultralytics.utils.patches")  # as in `run`: Ultralytics has patched PIL's Image.open
    answer = post(client_for(tmp_path, FakeDetector()), data)
    assert answer.status_code == status and answer.json["success"] is False and words in answer.json["error"]


def test_oversized_upload_is_413_json(tmp_path):
    client = client_for(tmp_path, FakeDetector(), max_upload_mb=1)
    answer = post(client, {"image": (io.BytesIO(b"\xff" * (1024 * 1024 + 10)), "big.jpg")})
    assert answer.status_code == 413 and answer.json["success"] is False


def test_huge_dimensions_are_refused_before_decoding(tmp_path):
    out = io.BytesIO()
    Image.new("1", (10_000, 6_000)).save(out, format="PNG")  # 60 MP, a few kB compressed
    answer = post(client_for(tmp_path, FakeDetector()), {"image": (io.BytesIO(out.getvalue()), "bomb.png")})
    assert answer.status_code == 413 and "million pixels" in answer.json["error"]


def test_api_key_is_checked_when_configured(tmp_path):
    client = client_for(tmp_path, FakeDetector(), deepstack_api_key="k3y")
    assert post(client, {"image": (io.BytesIO(png()), "x.png")}).status_code == 401
    assert post(client, {"image": (io.BytesIO(png()), "x.png"), "api_key": "nope"}).status_code == 401
    assert post(client, {"image": (io.BytesIO(png()), "x.png"), "api_key": "k3y"}).status_code == 200


def test_no_detector_is_503_and_wrong_method_is_json(tmp_path):
    client = client_for(tmp_path, None)
    answer = post(client, {"image": (io.BytesIO(png()), "x.png")})
    assert answer.status_code == 503 and "no detector" in answer.json["error"]
    assert client.get("/v1/vision/detection").status_code == 405
    assert client.get("/v1/vision/detection").json["success"] is False
