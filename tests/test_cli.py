"""The commands as a user runs them: separate processes, real model, real clips."""

import json
import os
import signal
import subprocess
import sys
import urllib.request

import pytest

from tests.conftest import MODEL, ROOT, need_shared
from tests.polling import free_port
from tests.receiver import WebhookReceiver

REPLAY_KEYS = ["source", "camera", "verdict", "label", "reason", "start_s", "end_s", "score", "snapshot"]


def camfilter(*args, timeout=300):
    env = {**os.environ, "YOLO_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "camfilter", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


@pytest.mark.model
def test_replay_json_lines(tmp_path):
    clip, _ = need_shared("media/shadow_basketball.mp4", "weights/yolo11n_int8_openvino_model")
    done = camfilter("replay", str(clip), "--model", str(MODEL), "--json", "--snapshots", str(tmp_path))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows and all(list(r) == REPLAY_KEYS for r in rows)
    first = rows[0]
    assert (first["source"], first["camera"], first["verdict"], first["label"]) == \
        ("shadow_basketball.mp4", "shadow_basketball", "alert", "person")
    assert 0 <= first["start_s"] < first["end_s"] <= 2.0 and os.path.getsize(first["snapshot"]) > 5000


@pytest.mark.model
def test_replay_table_and_progress(tmp_path):
    clip, _ = need_shared("media/shadow_skateboard.mp4", "weights/yolo11n_int8_openvino_model")
    done = camfilter("replay", str(clip), "--model", str(MODEL))
    assert done.returncode == 0
    assert "verdict" in done.stdout and "person confirmed" in done.stdout
    assert "36/36 frames" in done.stderr


def test_unreadable_file_is_one_line_and_non_zero(tmp_path):
    need_shared("weights/yolo11n_int8_openvino_model")
    junk = tmp_path / "junk.avi"
    junk.write_bytes(b"\x00" * 4096)
    done = camfilter("replay", str(junk), str(tmp_path / "missing.mp4"), "--model", str(MODEL), "--json")
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and "junk.avi: not a readable video" in lines[0] and "missing.mp4: no such file" in lines[1]


def test_missing_model_is_one_line(tmp_path):
    done = camfilter("replay", "x.mp4", "--model", str(tmp_path / "weights/yolo11n.pt"), "--json")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "model not found" in done.stderr


def test_invalid_config_for_run(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("cameras:\n  front:\n    url: rtsp://x\n    motion: {width: 5}\n")
    done = camfilter("run", "--config", str(bad))
    assert done.returncode == 2 and f"{bad}:4: cameras.front.motion.width" in done.stderr


@pytest.mark.model
def test_run_with_quick_start_flags_only(tmp_path):
    clip, _ = need_shared("media/shadow_beach.mp4", "weights/yolo11n_int8_openvino_model")
    receiver, port = WebhookReceiver(), free_port()
    env = {**os.environ, "YOLO_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "camfilter", "run", "--camera", f"beach={clip}", "--model",
                             str(MODEL), "--webhook", receiver.url, "--data", str(tmp_path / "data"),
                             "--listen", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert receiver.wait_for(lambda reqs: len(reqs) >= 1, 60), "no webhook"
        alert = receiver.requests[0]
        assert alert["verdict"] == "alert" and alert["camera"] == "beach"
        with urllib.request.urlopen(alert["snapshot_url"], timeout=5) as answer:
            assert answer.headers["Content-Type"] == "image/jpeg" and len(answer.read()) > 10_000
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=5) as answer:
            cameras = json.load(answer)["cameras"]
        assert cameras[0]["camera"] == "beach" and cameras[0]["frames"] > 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
            assert "person confirmed" in answer.read().decode()
    finally:
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=30)[0]
        receiver.close()
    assert proc.returncode == 0, output
    assert "stopping" in output
