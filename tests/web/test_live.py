"""MJPEG live view over the real web server: JPEG parts with the tracked boxes drawn, bounded viewers."""

import io
import time

import numpy as np
import pytest
import requests
from PIL import Image

from camfilter.runtime import LiveFrame
from camfilter.web import create_app
from camfilter.web.live import BOUNDARY, MAX_STREAMS
from camfilter.web.serve import WebServer
from tests.web.test_api import StaticRuntime


class LiveRuntime(StaticRuntime):
    """Camera "front" shows a grey picture with one tracked box; every call is a newer frame."""

    def live_frame(self, camera):
        return LiveFrame(time.time(), np.full((240, 320, 3), 100, np.uint8), ((40, 30, 120, 200),))


@pytest.fixture
def base(store):
    server = WebServer(create_app(LiveRuntime(), store), "127.0.0.1", 0, threads=6).start()
    yield f"http://127.0.0.1:{server.port}"
    server.stop()


def jpeg_parts(answer, count: int) -> list[bytes]:
    parts, buffer = [], b""
    for chunk in answer.iter_content(4096):
        buffer += chunk
        while b"\r\n\r\n" in buffer:
            head, rest = buffer.split(b"\r\n\r\n", 1)
            length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
            if len(rest) < length:
                break
            parts.append(rest[:length])
            buffer = rest[length + 2:]
        if len(parts) >= count:
            return parts
    return parts


def test_stream_is_jpeg_parts_with_the_boxes(base):
    start = time.monotonic()
    with requests.get(f"{base}/live/front.mjpg", stream=True, timeout=10) as answer:
        assert answer.headers["Content-Type"] == f"multipart/x-mixed-replace; boundary={BOUNDARY}"
        parts = jpeg_parts(answer, 3)
    elapsed = time.monotonic() - start
    assert len(parts) == 3 and elapsed >= 0.3  # paced (5 fps at most), not a busy loop
    picture = np.asarray(Image.open(io.BytesIO(parts[0])).convert("RGB"))
    assert picture.shape == (240, 320, 3)
    edge, inside = picture[100, 40], picture[100, 80]
    assert edge[2] > 200 and edge[0] < 100  # the box outline is drawn (blue-ish)
    assert abs(int(inside[0]) - 100) < 10  # inside the box the picture is untouched
    page = requests.get(f"{base}/live/front", timeout=5).text
    assert "/live/front.mjpg" in page


def test_viewers_are_bounded_and_unknown_cameras_404(base):
    streams = [requests.get(f"{base}/live/front.mjpg", stream=True, timeout=10) for _ in range(MAX_STREAMS)]
    try:
        assert all(s.status_code == 200 for s in streams)
        refused = requests.get(f"{base}/live/front.mjpg", timeout=5)
        assert refused.status_code == 503 and "live views" in refused.text
        assert requests.get(f"{base}/api/health", timeout=5).status_code == 200  # the API still answers
    finally:
        for s in streams:
            s.close()
    assert requests.get(f"{base}/live/nope.mjpg", timeout=5).status_code == 404
    deadline = time.monotonic() + 5  # a viewer that left gives its slot back
    while time.monotonic() < deadline:
        again = requests.get(f"{base}/live/front.mjpg", stream=True, timeout=5)
        again.close()
        if again.status_code == 200:
            break
        time.sleep(0.2)
    assert again.status_code == 200
