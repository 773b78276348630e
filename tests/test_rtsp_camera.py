"""Live cameras for real: Debian's GStreamer RTSP server streams vtest.avi as H.264 on 127.0.0.1."""

import time

import pytest

from camfilter.config import CameraSettings, EventSettings, Settings, WebhookSettings
from camfilter.runtime import Runtime
from camfilter.sinks.store import DecisionStore
from camfilter.sinks.targets import build_dispatcher
from tests.conftest import need_shared
from tests.polling import free_port, wait_until
from tests.peers.rtsp import RtspServer, gstreamer_missing, h264_clip
from tests.receiver import WebhookReceiver

pytestmark = [pytest.mark.peers, pytest.mark.model]
USER, PASSWORD = "adm@n", "p@ss#w%rd:1"  # characters that break naive URL building


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    reason = gstreamer_missing()
    if reason:
        pytest.skip(reason)
    (source,) = need_shared("media/vtest.avi")
    return h264_clip(source, tmp_path_factory.mktemp("rtsp") / "vtest.mp4")


@pytest.fixture
def server(clip):
    srv = RtspServer(clip, free_port(), USER, PASSWORD).start()
    yield srv
    srv.kill()


@pytest.fixture
def receiver():
    r = WebhookReceiver()
    yield r
    r.close()


def camera(url, password=PASSWORD, **events):
    return CameraSettings(url=url, username=USER, password=password,
                          events=EventSettings(**{"cooldown_s": 0, **events}))


def start_runtime(tmp_path, detector, cameras, webhook=None):
    settings = Settings(cameras=cameras, sinks={"webhooks": [WebhookSettings(url=webhook)] if webhook else []})
    store = DecisionStore(tmp_path / "data")
    dispatcher = build_dispatcher(settings.sinks, tmp_path / "data")
    runtime = Runtime(settings, detector, store, dispatcher, "http://127.0.0.1:5000")
    runtime.start()
    return runtime, store


def status_of(runtime, name):
    return next(s for s in runtime.status() if s["camera"] == name)


def test_person_in_stream_reaches_webhook(server, receiver, detector, tmp_path, caplog):
    runtime, store = start_runtime(tmp_path, detector, {"plaza": camera(server.url)}, receiver.url)
    try:
        assert receiver.wait_for(lambda reqs: any(r["verdict"] == "alert" for r in reqs), 30)
        alert = receiver.requests[0]
        assert alert["camera"] == "plaza" and alert["label"] == "person" and alert["score"] >= 0.55
        assert alert["snapshot_url"].endswith(f"/api/decisions/{alert['id']}/snapshot")
        assert store.get(alert["id"])["verdict"] == "alert"  # stored before it was sent
        status = status_of(runtime, "plaza")
        assert status["state"] == "streaming" and status["fps"] > 5
        live = runtime.live_frame("plaza")  # what the MJPEG live view shows
        assert live is not None and live.image.ndim == 3 and time.time() - live.wall < 2
    finally:
        runtime.stop()
    shown = caplog.text + str(runtime.status()) + str(receiver.requests)
    assert PASSWORD not in shown and "p%40ss" not in shown


def test_reader_reconnects_within_5s_after_server_restart(server, receiver, detector, tmp_path):
    runtime, _ = start_runtime(tmp_path, detector, {"plaza": camera(server.url, end_after_s=1.0)}, receiver.url)
    try:
        assert receiver.wait_for(lambda reqs: len(reqs) >= 1, 30)
        server.kill()
        assert wait_until(lambda: status_of(runtime, "plaza")["state"] == "retrying", 15)
        time.sleep(2)
        frames_before = status_of(runtime, "plaza")["frames"]
        alerts_before = len(receiver.requests)
        restarted = time.monotonic()
        server.start()
        assert wait_until(lambda: status_of(runtime, "plaza")["frames"] > frames_before + 3, 5.0), \
            f"no frames {time.monotonic() - restarted:.1f} s after restart: {status_of(runtime, 'plaza')}"
        assert status_of(runtime, "plaza")["reconnects"] >= 1
        assert receiver.wait_for(lambda reqs: len(reqs) > alerts_before, 30)  # decisions resume
    finally:
        runtime.stop()


def test_wrong_password_is_a_clear_status_and_other_cameras_go_on(server, detector, tmp_path, caplog):
    cameras = {"good": camera(server.url), "bad": camera(server.url, password="not-the-password")}
    runtime, _ = start_runtime(tmp_path, detector, cameras)
    try:
        assert wait_until(lambda: status_of(runtime, "bad")["error"] is not None, 10)
        bad = status_of(runtime, "bad")
        assert "wrong user name or password" in bad["error"] and bad["state"] in {"retrying", "connecting"}
        assert "not-the-password" not in str(bad) and "***@" in bad["url"]
        assert wait_until(lambda: status_of(runtime, "good")["frames"] > 30, 15)
        assert status_of(runtime, "good")["state"] == "streaming"
    finally:
        runtime.stop()
    assert "not-the-password" not in caplog.text


def test_stalled_camera_is_noticed_and_reconnected(server, detector, tmp_path):
    settings = camera(server.url).model_copy(update={"stall_s": 2.0})
    runtime, _ = start_runtime(tmp_path, detector, {"plaza": settings})
    status = lambda: status_of(runtime, "plaza")  # noqa: E731
    try:
        assert wait_until(lambda: status()["frames"] > 20, 15), status()
        server.freeze()  # the socket stays open, no frame comes
        assert wait_until(lambda: status()["error"] is not None, 10), status()
        assert "timed out" in status()["error"] and status()["last_frame_age_s"] >= 2.0, status()
        server.thaw()
        frames = status()["frames"]
        assert wait_until(lambda: status()["frames"] > frames + 5, 20), status()
        assert status()["reconnects"] >= 1
    finally:
        runtime.stop()
