import numpy as np
import pytest

from camfilter.config import DetectorSettings
from camfilter.detection import Detections, DetectorError
from camfilter.detection.yolo import YoloDetector, prepare_offline
from tests.conftest import need_shared


def test_bus_image_gives_people_and_a_bus(detector):
    import cv2

    (bus,) = need_shared("media/images/bus.jpg")
    found = detector.detect(cv2.imread(str(bus)))
    assert isinstance(found, Detections) and isinstance(found.xyxy, np.ndarray)
    labels = found.label.tolist()
    assert labels.count("person") >= 3 and "bus" in labels
    bus_box = found.xyxy[labels.index("bus")]
    assert bus_box[2] - bus_box[0] > 600  # the bus spans the picture (810 px wide)


def test_cat_photo_is_a_cat(detector):
    from skimage import data

    found = detector.detect(np.ascontiguousarray(data.chelsea()[:, :, ::-1]))
    assert "cat" in found.label.tolist() and "person" not in found.label.tolist()


def test_missing_model_is_one_clear_error(tmp_path):
    env = {"YOLO_OFFLINE": "1"}
    with pytest.raises(DetectorError) as caught:
        YoloDetector(DetectorSettings(model=str(tmp_path / "weights" / "yolo11n.pt")), env)
    message = str(caught.value)
    assert "model not found" in message and str(tmp_path) in message and "--model" in message


def test_unknown_missing_file_is_not_downloaded(tmp_path):
    with pytest.raises(DetectorError, match="model not found"):
        YoloDetector(DetectorSettings(model=str(tmp_path / "custom.onnx")), {})


def test_corrupt_model_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "broken.onnx"
    bad.write_bytes(b"not a model")
    with pytest.raises(DetectorError, match="cannot load model"):
        YoloDetector(DetectorSettings(model=str(bad)), {"YOLO_OFFLINE": "1"})


def test_offline_environment_stays_inside_the_project(tmp_path):
    env: dict[str, str] = {}
    prepare_offline(env, tmp_path)
    assert env["YOLO_CONFIG_DIR"] == str(tmp_path / ".yolo") and env["YOLO_AUTOINSTALL"] == "0"
    font = tmp_path / ".yolo" / "Ultralytics" / "Arial.ttf"
    assert font.stat().st_size > 100_000  # matplotlib's DejaVuSans standing in for Arial


def test_unavailable_gpu_is_one_clear_error():
    need_shared("weights/yolo11n_int8_openvino_model")
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    from tests.conftest import MODEL

    with pytest.raises(DetectorError, match="cannot load model") as caught:
        YoloDetector(DetectorSettings(model=str(MODEL), device="cuda:0"), {"YOLO_OFFLINE": "1"})
    assert "\n" not in str(caught.value)
