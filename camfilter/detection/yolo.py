"""Ultralytics YOLO adapter: the only module that touches Ultralytics types."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import MutableMapping
from pathlib import Path

import numpy as np

from camfilter.config import DetectorSettings
from camfilter.detection import Detections, DetectorError

# Names Ultralytics can download by itself on a connected machine.
_DOWNLOADABLE = {f"yolo{v}{s}.pt" for v in ("11", "v8", "26") for s in "nsmlx"}


def prepare_offline(env: MutableMapping[str, str], project_dir: Path) -> None:
    """Keep Ultralytics quiet and local: settings and fonts inside the project, no auto-install.

    Must run before `ultralytics` is first imported (it reads these at import time)."""
    config_dir = Path(env.setdefault("YOLO_CONFIG_DIR", str(project_dir / ".yolo")))
    env.setdefault("YOLO_AUTOINSTALL", "0")
    env.setdefault("YOLO_VERBOSE", "0")
    font = config_dir / "Ultralytics" / "Arial.ttf"
    if not font.exists():
        font.parent.mkdir(parents=True, exist_ok=True)
        import matplotlib  # shipped with Ultralytics; its DejaVuSans stands in for Arial offline

        shutil.copyfile(Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf", font)


class YoloDetector:
    """One model shared by all cameras; calls are serialised by a lock (inference releases the GIL)."""

    def __init__(self, settings: DetectorSettings, env: MutableMapping[str, str] = os.environ):
        self.settings = settings
        self._lock = threading.Lock()
        self._model = _load(settings.model, settings.device, env)
        self.names: dict[int, str] = dict(self._model.names)
        import torch  # Ultralytics leaves PyTorch models on cores - 1 threads; use what the settings say

        torch.set_num_threads(settings.threads or os.cpu_count() or 1)

    def detect(self, image: np.ndarray) -> Detections:
        with self._lock:
            result = self._model.predict(image, imgsz=self.settings.imgsz, conf=self.settings.min_score,
                                         device=self.settings.device, verbose=False)[0]
        boxes = result.boxes
        if boxes is None or len(boxes) == 0:
            return Detections()
        labels = np.array([self.names[int(c)] for c in boxes.cls.tolist()], dtype="<U16")
        return Detections(boxes.xyxy.cpu().numpy().astype(np.float32),
                          boxes.conf.cpu().numpy().astype(np.float32), labels)


def _load(model: str, device: str, env: MutableMapping[str, str]):
    path = Path(model)
    offline = env.get("YOLO_OFFLINE", "").lower() in {"1", "true", "yes"}
    if not path.exists() and (offline or path.name not in _DOWNLOADABLE):
        raise DetectorError(_missing_message(model))
    from ultralytics import YOLO  # heavy import, deferred until a model is really needed

    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        yolo = YOLO(str(path), task="detect")
        yolo.predict(np.zeros((64, 64, 3), np.uint8), device=device, verbose=False)  # warm-up, fail early
        return yolo
    except Exception as err:  # Ultralytics raises many types for bad, missing or undownloadable weights
        raise DetectorError(f"cannot load model {model}: {str(err).splitlines()[0]}. " + _HOW_TO) from None


_HOW_TO = ("Put an Ultralytics model there (any format: .pt, .onnx, an OpenVINO folder, .tflite), "
           "or let Ultralytics download yolo11n.pt on a connected machine (see weights/README.md), "
           "or pass --model PATH.")


def _missing_message(model: str) -> str:
    return f"model not found: {model}. " + _HOW_TO
