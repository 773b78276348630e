"""Start and stop Debian's GStreamer RTSP server (the test camera) on 127.0.0.1."""

from __future__ import annotations

import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.polling import port_open, wait_until

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"


def gstreamer_missing() -> str | None:
    if not Path(SYSTEM_PYTHON).exists():
        return "no /usr/bin/python3 for the GStreamer RTSP server"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('GstRtspServer', '1.0'); "
                            "from gi.repository import GstRtspServer"], capture_output=True)
    if probe.returncode:
        return "GStreamer RTSP server not installed (tests/peers/install.sh installs it)"
    if not shutil.which("ffmpeg"):
        return "ffmpeg not installed (tests/peers/install.sh installs it)"
    return None



def h264_clip(source: Path, target: Path) -> Path:
    """The clip as a camera would send it: H.264 baseline, no B-frames, an IDR every second."""
    if not target.exists():
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(source), "-c:v", "libx264",
                        "-preset", "veryfast", "-tune", "zerolatency", "-profile:v", "baseline", "-pix_fmt",
                        "yuv420p", "-g", "10", "-bf", "0", "-an", str(target)], check=True)
    return target


class RtspServer:
    def __init__(self, clip: Path, port: int, user: str | None = None, password: str | None = None):
        self.clip, self.port, self.user, self.password = clip, port, user, password
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"rtsp://127.0.0.1:{self.port}/cam"

    def start(self) -> RtspServer:
        args = [SYSTEM_PYTHON, str(HERE / "rtsp_file_server.py"), str(self.clip), str(self.port), "/cam"]
        if self.user:
            args += [self.user, self.password]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("READY"):
            pytest.fail(f"RTSP server did not start: {line}{self.process.stdout.read()}")
        if not wait_until(lambda: port_open(self.port), 5):
            pytest.fail("RTSP server port never opened")
        return self

    def freeze(self) -> None:
        """Stop sending without closing the connection: a camera that hangs."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(5)
