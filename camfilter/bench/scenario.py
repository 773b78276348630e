"""Run every scene through camfilter and two baselines, side by side."""

from __future__ import annotations

import time
from dataclasses import dataclass

import cv2
import numpy as np

from camfilter.bench.scenes import Scene
from camfilter.config import CameraSettings
from camfilter.detection import Detector
from camfilter.pipeline import CameraPipeline
from camfilter.sources import Frame


@dataclass(frozen=True)
class Outcome:
    alerted: bool
    reason: str
    seconds: float


@dataclass(frozen=True)
class SceneResult:
    scene: Scene
    frames: int
    camfilter: Outcome
    motion_alarm: Outcome
    every_frame: Outcome


def run_camfilter(frames: list[np.ndarray], fps: float, detector: Detector) -> Outcome:
    pipeline = CameraPipeline("bench", CameraSettings(url="bench"), detector)
    decisions, start = [], time.perf_counter()
    for i, image in enumerate(frames):
        decisions += [d for d in pipeline.step(Frame("bench", i, i / fps, i / fps, image)) if d.final]
    decisions += [d for d in pipeline.finish(len(frames) / fps) if d.final]
    seconds = time.perf_counter() - start
    alerts = [d for d in decisions if d.verdict == "alert"]
    if alerts:
        return Outcome(True, alerts[0].reason, seconds)
    reasons = sorted({d.reason for d in decisions})
    return Outcome(False, "; ".join(reasons) if reasons else "no decision (no motion)", seconds)


def run_motion_alarm(frames: list[np.ndarray], fps: float, changed: float = 0.003, frames_needed: int = 2) -> Outcome:
    """What a camera's own motion alarm does: enough changed pixels in consecutive frames alerts."""
    start, previous, streak = time.perf_counter(), None, 0
    for image in frames:
        grey = cv2.GaussianBlur(cv2.cvtColor(cv2.resize(image, (320, 240)), cv2.COLOR_BGR2GRAY), (5, 5), 0)
        if previous is not None:
            share = np.count_nonzero(cv2.absdiff(grey, previous) > 25) / grey.size
            streak = streak + 1 if share > changed else 0
            if streak >= frames_needed:
                return Outcome(True, f"{share:.1%} of pixels changed", time.perf_counter() - start)
        previous = grey
    return Outcome(False, "no motion", time.perf_counter() - start)


def run_every_frame(frames: list[np.ndarray], detector: Detector, score: float = 0.5, hits: int = 3) -> Outcome:
    """A detector on every whole frame: a person at >= score in `hits` frames alerts."""
    start, seen = time.perf_counter(), 0
    for image in frames:
        found = detector.detect(image)
        seen += bool(np.any((found.label == "person") & (found.score >= score)))
    seconds = time.perf_counter() - start
    if seen >= hits:
        return Outcome(True, f"person in {seen} frames", seconds)
    return Outcome(False, f"person in {seen} frames", seconds)


def run_scene(scene: Scene, detector: Detector) -> SceneResult:
    frames = list(scene.frames())
    return SceneResult(scene, len(frames), run_camfilter(frames, scene.fps, detector),
                       run_motion_alarm(frames, scene.fps), run_every_frame(frames, detector))


def summarise(results: list[SceneResult]) -> dict:
    def score(pick):
        must = [r for r in results if r.scene.expect == "alert"]
        mustnt = [r for r in results if r.scene.expect == "quiet"]
        return {"recall": f"{sum(pick(r).alerted for r in must)}/{len(must)}",
                "false_alerts": f"{sum(pick(r).alerted for r in mustnt)}/{len(mustnt)}",
                "seconds": round(sum(pick(r).seconds for r in results), 2)}

    out = {"camfilter": score(lambda r: r.camfilter), "motion_alarm": score(lambda r: r.motion_alarm),
           "every_frame": score(lambda r: r.every_frame)}
    out["speedup_vs_every_frame"] = round(out["every_frame"]["seconds"] / max(out["camfilter"]["seconds"], 1e-6), 2)
    out["frames"] = sum(r.frames for r in results)
    return out
