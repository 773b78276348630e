"""The app behind the real WSGI server (waitress) on 127.0.0.1, as `camfilter run` serves it."""

import pytest
import requests

from camfilter.config import WebSettings
from camfilter.web import create_app
from camfilter.web.serve import WebServer
from tests.conftest import FakeDetector
from tests.web.test_api import StaticRuntime


@pytest.fixture
def served(store):
    app = create_app(StaticRuntime(), store, web=WebSettings(api_token="t0k", max_upload_mb=1),
                     detector=FakeDetector())
    server = WebServer(app, "127.0.0.1", 0, threads=2).start()
    yield f"http://127.0.0.1:{server.port}"
    server.stop()


def test_oversized_upload_gets_a_413_json_answer_over_http(served):
    blob = b"\xff" * (3 * 1024 * 1024)
    answer = requests.post(f"{served}/v1/vision/detection", files={"image": ("big.jpg", blob)}, timeout=10)
    assert answer.status_code == 413 and answer.json()["success"] is False


def test_token_over_http(served):
    assert requests.get(f"{served}/api/status", timeout=5).status_code == 401
    answer = requests.get(f"{served}/api/status", headers={"Authorization": "Bearer t0k"}, timeout=5)
    assert answer.status_code == 200 and answer.json()["cameras"][0]["camera"] == "front"
    assert requests.get(f"{served}/api/health", timeout=5).json()["ok"] is True
