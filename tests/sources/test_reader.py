import time

import numpy as np

from camfilter.sources import SourceError
from camfilter.sources.reader import CameraReader, LatestFrames
from tests.conftest import need_shared
from tests.polling import wait_until


def _image(value=0):
    return np.full((4, 4, 3), value, np.uint8)


def test_latest_frames_drops_oldest_instead_of_lagging():
    from camfilter.sources import Frame

    queue = LatestFrames(maxsize=2)
    for i in range(5):
        queue.put(Frame("c", i, i, i, _image()))
    assert queue.dropped == 3
    assert [queue.get(0).index, queue.get(0).index] == [3, 4]
    assert queue.get(0.01) is None


def test_reader_reconnects_after_failures_and_reports_redacted_error():
    attempts = []

    def decoder():
        attempts.append(time.monotonic())
        if len(attempts) < 3:
            raise SourceError("rtsp://admin:hunter2@10.0.0.9/x: connection refused")
        yield from ((i / 10, 10.0, _image(i)) for i in range(3))

    reader = CameraReader("door", "rtsp://admin:hunter2@10.0.0.9/x", decoder, time.monotonic,
                          loop=False, max_backoff_s=0.05)
    seen_error = []
    reader.start()
    assert wait_until(lambda: seen_error.append(reader.status().error) or reader.status().frames == 3)
    reader.join(2)
    status = reader.status()
    assert status.reconnects >= 2 and status.state == "ended" and status.error is None
    assert any(e and "connection refused" in e for e in seen_error)
    assert all("hunter2" not in (e or "") for e in seen_error) and "hunter2" not in status.url


def test_reader_backoff_grows_to_the_limit():
    attempts = []

    def decoder():
        attempts.append(time.monotonic())
        raise SourceError("down")
        yield  # pragma: no cover

    reader = CameraReader("c", "rtsp://h/x", decoder, time.monotonic, max_backoff_s=0.2)
    reader.start()
    assert wait_until(lambda: len(attempts) >= 5)
    reader.stop()
    gaps = np.diff(attempts[:5])
    assert gaps[-1] >= 0.18 and reader.status().state in {"retrying", "stopped"}


def test_realtime_file_plays_at_native_rate():
    (clip,) = need_shared("media/shadow_basketball.mp4")  # 20 frames at 10 fps
    from camfilter.sources.decode import decode

    reader = CameraReader("c", str(clip), lambda: decode(str(clip), 5, 5), time.monotonic,
                          realtime=True, loop=False)
    start = time.monotonic()
    reader.start()
    reader.join(10)
    elapsed = time.monotonic() - start
    assert reader.status().frames == 20
    assert 1.7 <= elapsed <= 4.0  # 20 frames at 10 fps is 1.9 s of video
