"""`camfilter bench --speed`: camfilter against decode-only and detector-on-every-frame, in one run."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import MutableMapping
from pathlib import Path

from camfilter.config import DetectorSettings


def default_shared(env: MutableMapping[str, str]) -> Path:
    return Path(env.get("CAMFILTER_SHARED", Path.cwd().parent / "shared"))


def bench_command(args, env: MutableMapping[str, str]) -> int:
    from camfilter.detection.yolo import YoloDetector, prepare_offline

    shared = default_shared(env)
    if not (shared / "media").is_dir():
        print(f"camfilter bench: needs the real clips in {shared}/media (set CAMFILTER_SHARED)", file=sys.stderr)
        return 2
    model = args.model or str(shared / "weights" / "yolo11n_int8_openvino_model")
    prepare_offline(env, Path.cwd())
    detector = YoloDetector(DetectorSettings(model=model), env)
    if args.speed:
        return _speed(args, shared, model, detector)
    return _scenarios(args, shared, detector)


def _scenarios(args, shared: Path, detector) -> int:
    from camfilter.bench.catalogue import build_scenes
    from camfilter.bench.report import scenario_table
    from camfilter.bench.scenario import run_scene, summarise

    _progress("composing scenes from ../shared media (seeded)")
    scenes = build_scenes(shared)
    results = []
    for i, scene in enumerate(scenes, 1):
        _bar(i - 1, len(scenes), scene.name)
        results.append(run_scene(scene, detector))
    _bar(len(scenes), len(scenes), "done")
    summary = summarise(results)
    if args.json:
        print(json.dumps({"scenes": [_scene_json(r) for r in results], "summary": summary}, indent=2))
    else:
        print(scenario_table(results, summary))
    return 0


def _scene_json(r) -> dict:
    outcome = lambda o: {"alerted": o.alerted, "reason": o.reason, "seconds": round(o.seconds, 3)}  # noqa: E731
    return {"scene": r.scene.name, "expect": r.scene.expect, "what": r.scene.what, "frames": r.frames,
            "camfilter": outcome(r.camfilter), "motion_alarm": outcome(r.motion_alarm),
            "every_frame": outcome(r.every_frame)}


def _bar(done: int, total: int, label: str) -> None:
    filled = int(30 * done / total)
    sys.stderr.write(f"\r[{'#' * filled}{'-' * (30 - filled)}] {done}/{total} {label:<32}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _speed(args, shared: Path, model: str, detector) -> int:
    from camfilter.bench.scenes import empty_background, static_noise_clip
    from camfilter.bench.speed import CLIPS, camfilter_replay, decode_only, measure_clip, resident_memory_mb

    media = Path(args.media) if args.media else shared / "media"
    rows = []
    for i, name in enumerate(CLIPS, 1):
        _progress(f"[{i}/{len(CLIPS) + 2}] {name}")
        rows.append(measure_clip(media / name, detector, args.frames))
    _progress(f"[{len(CLIPS) + 1}/{len(CLIPS) + 2}] static noise scene")
    with tempfile.TemporaryDirectory() as tmp:
        noise = static_noise_clip(Path(tmp) / "static.mp4", empty_background(media / "vtest.avi"), seconds=30)
        frames, t_decode = decode_only(noise, 10_000)
        replay, t_camfilter = camfilter_replay(noise, detector, 10_000)
    static = {"frames": frames, "decode_s": round(t_decode, 3), "camfilter_s": round(t_camfilter, 3),
              "ratio": round(t_camfilter / t_decode, 2), "detector_passes": replay.timings.detector_passes}
    _progress(f"[{len(CLIPS) + 2}/{len(CLIPS) + 2}] memory of run with 4 cameras")
    memory = resident_memory_mb(media, model)
    report = _report(rows, static, memory, os.cpu_count())
    print(json.dumps(report, indent=2) if args.json else _table(report))
    return 0


def _report(rows, static: dict, memory_mb: float, cores: int | None) -> dict:
    frames = sum(r.frames for r in rows)
    total = {k: frames / sum(r.frames / getattr(r, k) for r in rows)
             for k in ("decode_fps", "every_frame_fps", "camfilter_fps")}
    return {
        "cores": cores,
        "clips": [{"clip": r.clip, "frames": r.frames, "decode_fps": round(r.decode_fps, 1),
                   "every_frame_fps": round(r.every_frame_fps, 1), "camfilter_fps": round(r.camfilter_fps, 1),
                   "speedup": round(r.speedup, 2), "detector_passes": r.detector_passes, "stage_ms": r.stage_ms}
                  for r in rows],
        "overall": {"frames": frames, **{k: round(v, 1) for k, v in total.items()},
                    "speedup": round(total["camfilter_fps"] / total["every_frame_fps"], 2)},
        "static_noise": static,
        "run_4_cameras_rss_mb": round(memory_mb, 1),
    }


def _table(report: dict) -> str:
    lines = [f"{'clip':<40} {'frames':>6} {'decode':>8} {'every-frame':>12} {'camfilter':>10} {'speed-up':>9}"
             f" {'det.passes':>10}  ms per stage"]
    for c in report["clips"] + [{"clip": "OVERALL", **report["overall"], "detector_passes": "", "stage_ms": ""}]:
        stages = " ".join(f"{k}={v}" for k, v in c["stage_ms"].items()) if c["stage_ms"] else ""
        lines.append(f"{c['clip']:<40} {c['frames']:>6} {c['decode_fps']:>8} {c['every_frame_fps']:>12}"
                     f" {c['camfilter_fps']:>10} {c['speedup']:>8}x {c['detector_passes']:>10}  {stages}")
    s = report["static_noise"]
    lines.append(f"\nstatic noise scene ({s['frames']} frames): decode {s['decode_s']} s, camfilter "
                 f"{s['camfilter_s']} s -> {s['ratio']}x decode-only, {s['detector_passes']} detector passes")
    lines.append(f"resident memory of `run` with 4 cameras: {report['run_4_cameras_rss_mb']} MB (peak)")
    lines.append("fps columns: frames per second of wall time on this machine "
                 f"({report['cores']} cores); every-frame = detector on each whole frame")
    return "\n".join(lines)


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
