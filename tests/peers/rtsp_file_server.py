#!/usr/bin/python3
"""Looping H.264 mp4 RTSP server on 127.0.0.1 (Debian python3-gi + gir1.2-gst-rtsp-server-1.0).

usage: /usr/bin/python3 rtsp_file_server.py CLIP.mp4 PORT MOUNT [USER PASSWORD]
With USER and PASSWORD the stream needs RTSP basic authentication."""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
path, port, mount = sys.argv[1], sys.argv[2], sys.argv[3]
user, password = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else (None, None)


class LoopingMedia(GstRtspServer.RTSPMedia):
    """At the end of the segment, seek back to 0 without flushing, so RTP timestamps stay monotonic."""

    def do_prepared(self):
        self.get_element().seek(1.0, Gst.Format.TIME, Gst.SeekFlags.FLUSH | Gst.SeekFlags.SEGMENT,
                                Gst.SeekType.SET, 0, Gst.SeekType.NONE, -1)

    def do_handle_message(self, message):
        if message.type == Gst.MessageType.SEGMENT_DONE:
            self.get_element().seek(1.0, Gst.Format.TIME, Gst.SeekFlags.SEGMENT,
                                    Gst.SeekType.SET, 0, Gst.SeekType.NONE, -1)
            return True
        return GstRtspServer.RTSPMedia.do_handle_message(self, message)


factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(f'( filesrc location="{path}" ! qtdemux ! h264parse config-interval=-1 '
                   f'! rtph264pay name=pay0 pt=96 config-interval=1 )')
factory.set_shared(True)
factory.set_media_gtype(LoopingMedia)

server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
if user:
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", "viewer")
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
    server.set_auth(auth)
    permissions = GstRtspServer.RTSPPermissions()
    permissions.add_permission_for_role("viewer", "media.factory.access", True)
    permissions.add_permission_for_role("viewer", "media.factory.construct", True)
    factory.set_permissions(permissions)
server.get_mount_points().add_factory(mount, factory)
server.attach(None)
print(f"READY rtsp://127.0.0.1:{port}{mount}", flush=True)
GLib.MainLoop().run()
