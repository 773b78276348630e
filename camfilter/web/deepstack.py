"""DeepStack-compatible object detection: POST /v1/vision/detection with a multipart `image`.

Blue Iris, Agent DVR and Home Assistant's DeepStack integrations can use camfilter's detector this way."""

from __future__ import annotations

import hmac
import io
import struct
import time

import numpy as np
from flask import Blueprint, current_app, jsonify, request
from PIL import Image, UnidentifiedImageError

bp = Blueprint("deepstack", __name__, url_prefix="/v1/vision")
MAX_PIXELS = 50_000_000  # a decompression bomb is refused before it is decoded
DEFAULT_MIN_CONFIDENCE = 0.4  # DeepStack's own default


def _fail(status: int, message: str):
    return jsonify(success=False, error=message), status


@bp.post("/detection")
def detection():
    services = current_app.extensions["camfilter"]
    expected = services.web.deepstack_api_key
    given = request.form.get("api_key", "")
    if expected and not hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
        return _fail(401, "missing or wrong api_key")
    if services.detector is None:
        return _fail(503, "no detector loaded: configure a camera or a model")
    upload = request.files.get("image")
    if upload is None:
        return _fail(400, "send the picture as a multipart form field named 'image'")
    try:
        min_confidence = float(request.form.get("min_confidence", DEFAULT_MIN_CONFIDENCE))
    except ValueError:
        return _fail(400, "min_confidence must be a number between 0 and 1")
    if not 0 <= min_confidence <= 1:
        return _fail(400, "min_confidence must be a number between 0 and 1")
    image, problem = _read_image(upload.read())
    if problem:
        return _fail(*problem)
    start = time.perf_counter()
    found = services.detector.detect(image)
    ms = round((time.perf_counter() - start) * 1000, 1)
    return jsonify(success=True, predictions=_predictions(found, min_confidence), duration=ms)


def _read_image(data: bytes) -> tuple[np.ndarray | None, tuple[int, str] | None]:
    """Bytes -> BGR array, or (status, message)."""
    if not data:
        return None, (400, "the image is empty")
    try:
        picture = _open_image(data)
        if picture.width * picture.height > MAX_PIXELS:
            return None, (413, f"the image has more than {MAX_PIXELS // 1_000_000} million pixels")
        rgb = np.asarray(picture.convert("RGB"))
    except Image.DecompressionBombError:
        return None, (413, f"the image has more than {MAX_PIXELS // 1_000_000} million pixels")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):  # PIL raises SyntaxError on some bad files
        return None, (400, "not a readable image (JPEG, PNG, BMP, WebP …)")
    return np.ascontiguousarray(rgb[:, :, ::-1]), None


def _open_image(data: bytes) -> Image.Image:
    """Pillow's own format probe. Not `Image.open`: Ultralytics replaces it with a version that, on an
    unknown file, tries to install and import a HEIF plugin, which must never happen in a request."""
    Image.init()
    prefix = data[:16]
    for format_id in Image.ID:
        factory, accept = Image.OPEN[format_id]
        try:  # some probes themselves fail on a few bytes (struct.error): fuzzing found it
            verdict = accept(prefix) if accept else True
            if not verdict or isinstance(verdict, str):
                continue
            return factory(io.BytesIO(data), "")
        except (SyntaxError, IndexError, TypeError, KeyError, struct.error, OSError, ValueError,
                EOFError, ZeroDivisionError):
            continue
    raise UnidentifiedImageError("cannot identify image")


def _predictions(found, min_confidence: float) -> list[dict]:
    out = []
    for (x1, y1, x2, y2), score, label in zip(found.xyxy.tolist(), found.score.tolist(), found.label.tolist()):
        if score >= min_confidence:
            out.append({"label": label, "confidence": round(score, 4), "x_min": int(x1), "y_min": int(y1),
                        "x_max": int(x2), "y_max": int(y2)})
    return out
