import numpy as np
import pytest

from camfilter.sources import SourceError
from camfilter.sources.decode import decode, explain, is_stream
from tests.conftest import need_shared


@pytest.mark.parametrize("name, size, fps", [
    ("vtest.avi", (576, 768, 3), 10.0),
    ("intel_people-detection.gif", (270, 480, 3), 12.5),
    ("shadow_beach.mp4", (720, 1280, 3), 10.0),
])
def test_decodes_real_files(name, size, fps):
    (path,) = need_shared(f"media/{name}")
    frames = []
    for pts, rate, image in decode(str(path), 5, 5):
        frames.append((pts, image))
        if len(frames) == 5:
            break
    assert frames[0][1].shape == size and frames[0][1].dtype == np.uint8
    assert frames[0][0] == 0.0 and frames[4][0] == pytest.approx(4 / fps, abs=0.02)
    assert rate == pytest.approx(fps, rel=0.05)


def test_non_video_file_is_one_readable_error(tmp_path):
    bogus = tmp_path / "notes.mp4"
    bogus.write_text("this is not a video\n" * 50)
    with pytest.raises(SourceError, match="not a readable video|invalid data"):
        list(decode(str(bogus), 2, 2))


def test_missing_file():
    with pytest.raises(SourceError, match="no such file"):
        list(decode("/nonexistent/clip.mp4", 2, 2))


def test_unreachable_rtsp_port_is_refused_quickly_and_redacted():
    with pytest.raises(SourceError) as caught:
        list(decode("rtsp://admin:s3cr%40t@127.0.0.1:9/cam", 2, 2))
    message = str(caught.value)
    assert "connection refused" in message and "s3cr" not in message and "***@" in message


def test_explain_classifies_unauthorized():
    class HTTPUnauthorizedError(Exception):
        pass

    assert "wrong user name or password" in explain(HTTPUnauthorizedError(), "rtsp://a:b@h/x")


def test_stream_schemes():
    assert is_stream("rtsp://h/x") and is_stream("RTSP://h/x") and not is_stream("/data/clip.mp4")
