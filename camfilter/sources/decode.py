"""PyAV decoding of RTSP streams and video files; PyAV types stop here."""

from __future__ import annotations

import errno
from collections.abc import Iterator

import av
import numpy as np

from camfilter.sources import SourceError
from camfilter.sources.credentials import redact, secrets_of

# Low-delay options measured on the GStreamer peer: 70 ms capture latency, first frame in ~1.2 s.
RTSP_OPTIONS = {
    "rtsp_transport": "tcp",
    "fflags": "nobuffer",
    "flags": "low_delay",
    "analyzeduration": "0",
    "probesize": "32",
}


def is_stream(url: str) -> bool:
    return url.split("://", 1)[0].lower() in {"rtsp", "rtsps", "rtmp", "http", "https", "udp", "tcp"}


def decode(url: str, open_timeout_s: float, read_timeout_s: float) -> Iterator[tuple[float, float, np.ndarray]]:
    """Yield (pts seconds, native fps, BGR image) for each frame; raise SourceError with a readable reason."""
    options = RTSP_OPTIONS if url.lower().startswith("rtsp") else {}
    try:
        container = av.open(url, options=options, timeout=(open_timeout_s, read_timeout_s))
    except Exception as err:  # PyAV raises many types; all become one readable reason
        raise SourceError(explain(err, url)) from None
    try:
        yield from _frames(container, url)
    finally:
        container.close()


def _frames(container, url: str) -> Iterator[tuple[float, float, np.ndarray]]:
    if not container.streams.video:
        raise SourceError(f"{redact(url)}: no video stream")
    stream = container.streams.video[0]
    stream.thread_type = "AUTO"
    fps = float(stream.average_rate or stream.guessed_rate or 0) or 10.0
    first = None
    try:
        for frame in container.decode(stream):
            t = float(frame.time) if frame.time is not None else 0.0
            first = t if first is None else first
            yield t - first, fps, frame.to_ndarray(format="bgr24")
    except (av.error.EOFError, StopIteration):
        return
    except Exception as err:
        raise SourceError(explain(err, url)) from None


def explain(err: Exception, url: str) -> str:
    """One readable, redacted line for an open/read failure."""
    safe = redact(url)
    secrets = secrets_of(url)
    code = getattr(err, "errno", None)
    name = type(err).__name__
    if "Unauthorized" in name or "401" in str(err):
        return f"{safe}: wrong user name or password (401 Unauthorized)"
    if code == errno.ENOENT or isinstance(err, FileNotFoundError):
        return f"{safe}: no such file"
    if "HTTPNotFound" in name or "404" in str(err):
        return f"{safe}: stream path not found (404)"
    if code == errno.ECONNREFUSED:
        return f"{safe}: connection refused (camera offline or wrong port)"
    if code in (errno.ETIMEDOUT, errno.EAGAIN) or isinstance(err, TimeoutError) or "ExitError" in name \
            or "Immediate exit" in str(err):  # PyAV's own timeout interrupts FFmpeg this way
        return f"{safe}: timed out (host unreachable or stream stalled)"
    if "InvalidData" in name or "Invalid data" in str(err):
        return f"{safe}: not a readable video (invalid data)"
    return f"{safe}: {redact(getattr(err, 'strerror', None) or str(err) or name, secrets)}"
