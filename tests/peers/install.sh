#!/usr/bin/env bash
# Installs the real test peers from Debian: GStreamer's RTSP server (the camera), ffmpeg (test clips),
# mosquitto (the MQTT broker), Chromium (the browser Playwright drives; never `playwright install`).
# Skips what is already there; uses sudo when not root.
set -euo pipefail
need=()
/usr/bin/python3 -c 'import gi; gi.require_version("GstRtspServer", "1.0"); from gi.repository import GstRtspServer' \
  2>/dev/null || need+=(gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gi python3-gst-1.0
                        gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
# The live camera for the latency test: x264enc and numpy for the system python.
dpkg -s gstreamer1.0-plugins-ugly >/dev/null 2>&1 || need+=(gstreamer1.0-plugins-ugly gstreamer1.0-tools)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
[ -x /usr/sbin/mosquitto ] || command -v mosquitto >/dev/null || need+=(mosquitto)
[ -x /usr/bin/chromium ] || need+=(chromium chromium-driver)
[ ${#need[@]} -eq 0 ] && { echo "test peers: already installed"; exit 0; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "test peers: installed ${need[*]}"
