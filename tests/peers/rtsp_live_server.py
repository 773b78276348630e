#!/usr/bin/python3
"""Live synthetic camera on the Debian GStreamer RTSP server: appsrc (frames stamped with their send time)
-> x264enc zerolatency -> rtph264pay, rtsp://127.0.0.1:PORT/live. Shared media: all clients see one stream.

usage: /usr/bin/python3 rtsp_live_server.py PORT [SPRITE.npy ON_S PERIOD_S]
With a sprite (H x W x 3 uint8 RGB, e.g. people), the background is still and the sprite walks across the
lower part for ON_S seconds of every PERIOD_S: a motion episode with people, then a quiet gap."""
import os
import sys
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
from barcode import make_frame, stamp  # noqa: E402

Gst.init(None)
port = sys.argv[1] if len(sys.argv) > 1 else "8558"
sprite = np.load(sys.argv[2]) if len(sys.argv) > 2 else None
on_s, period_s = (float(sys.argv[3]), float(sys.argv[4])) if len(sys.argv) > 4 else (4.0, 8.0)
FPS, W, H = 15, 640, 480
STILL = np.full((H, W, 3), 96, np.uint8)


def scene(t_ms, seq):
    if sprite is None:
        return make_frame(t_ms, W, H, seq)
    f = STILL.copy()
    phase = (t_ms / 1000.0) % period_s
    if phase < on_s:
        h, w = sprite.shape[:2]
        x = int((W - w) * phase / on_s)
        y = H - h
        f[y:y + h, x:x + w] = sprite
    stamp(f, t_ms)
    return f


class Factory(GstRtspServer.RTSPMediaFactory):
    def do_create_element(self, url):
        return Gst.parse_launch(
            f"( appsrc name=src is-live=true do-timestamp=true format=time "
            f"caps=video/x-raw,format=RGB,width={W},height={H},framerate={FPS}/1 ! videoconvert ! video/x-raw,format=I420 "
            f"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={FPS} bframes=0 "
            f"! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=1 )")


def on_configure(factory, media):
    src = media.get_element().get_by_name("src")
    state = {"i": 0}

    def push():
        f = scene(int(time.time() * 1000), state["i"])
        state["i"] += 1
        return src.emit("push-buffer", Gst.Buffer.new_wrapped(f.tobytes())) == Gst.FlowReturn.OK

    GLib.timeout_add(1000 // FPS, push)


f = Factory()
f.set_shared(True)
f.connect("media-configure", on_configure)
srv = GstRtspServer.RTSPServer()
srv.set_address("127.0.0.1")
srv.set_service(port)
srv.get_mount_points().add_factory("/live", f)
srv.attach(None)
print(f"READY rtsp://127.0.0.1:{port}/live", flush=True)
GLib.MainLoop().run()
