"""Turns motion, tracks and rejections into exactly one decision per motion episode."""

from __future__ import annotations

import numpy as np

from camfilter.config import EventSettings
from camfilter.events import Decision, Marked
from camfilter.events.episode import PETS, Episode, TrackHistory
from camfilter.events.reasons import explain, track_problem
from camfilter.filters import Rejection
from camfilter.motion import Motion
from camfilter.tracking import Tracks


class EpisodeDecider:
    def __init__(self, camera: str, settings: EventSettings):
        self.camera, self.settings = camera, settings
        self.episode: Episode | None = None
        self._count = 0
        self._last_alert_s: float | None = None
        self._still_there: tuple[float, tuple] | None = None  # end time and last box of the last alerted track

    @property
    def open(self) -> bool:
        return self.episode is not None

    @property
    def alerted(self) -> bool:
        return self.episode is not None and self.episode.alerted

    @property
    def undecided_candidate(self) -> bool:
        """A track of an alert label is being watched but is not confirmed yet: worth every frame."""
        episode = self.episode
        return bool(episode) and not episode.alerted and any(
            h.label in self.settings.alert_labels and h.moved for h in episode.tracks.values())

    def idle_for(self, t: float) -> float:
        """Seconds the open episode has gone without any sign of an alert label (0 when none is open)."""
        episode = self.episode
        return 0.0 if episode is None else t - max(episode.start_s, episode.last_wanted_s)

    def observe(self, t: float, wall: float, motion: Motion, image: np.ndarray) -> list[Decision]:
        """Account for one frame's motion; returns the decision of an episode that just ended."""
        ended = self._maybe_close(t) if self.episode else []
        if motion.moving:
            if self.episode is None:
                self._count += 1
                self.episode = Episode(self._count, t, wall, t, self.settings.score_window)
            episode = self.episode
            episode.last_motion_s = t
            episode.motion_frames += 1
            episode.lighting_frames += motion.lighting
            episode.scattered_frames += motion.scattered
            episode.dark = motion.mode in ("night", "ir")
            episode.kinds.update(motion.kinds)
            self._follow_blob(episode, motion)
            marks = tuple(Marked(b, k, None) for b, k in zip(motion.boxes, motion.kinds or ("motion",) * 99))
            episode.offer_snapshot(motion.changed_fraction, image, marks)
        return ended

    @staticmethod
    def _follow_blob(episode: Episode, motion: Motion) -> None:
        blobs = [b for b, k in zip(motion.boxes, motion.kinds) if k in ("light", "shadow", "blur")]
        if blobs and not motion.lighting:
            x1, y1, x2, y2 = max(blobs, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
            episode.blob_path.append(((x1 + x2) / 2, (y1 + y2) / 2))

    def detected(self, t: float, tracks: Tracks, rejected: tuple[Rejection, ...], image: np.ndarray,
                 motion: Motion | None = None) -> list[Decision]:
        """Account for one detector pass during the open episode; may return an alert at once."""
        episode = self.episode
        if episode is None:
            return []
        for rejection in rejected:
            episode.rejections[(rejection.label, rejection.reason)] += 1
        present = set()
        for i, track_id in enumerate(tracks.track_id.tolist()):
            present.add(track_id)
            label, box = str(tracks.label[i]), tuple(float(v) for v in tracks.xyxy[i])
            inner = motion.changed_inside(box) if motion is not None and not motion.lighting else None
            episode.history(track_id, label).seen(t, label, float(tracks.score[i]), box, inner)
            if label in PETS:
                episode.pets_seen.append((t, box, label))
        for track_id, history in episode.tracks.items():
            if track_id not in present:
                history.missed()
        self._note_wanted(episode, t, present, rejected)
        marks = tuple(Marked(tuple(int(v) for v in tracks.xyxy[i]), str(tracks.label[i]), float(tracks.score[i]))
                      for i in range(len(tracks)))
        if marks:
            episode.offer_snapshot(1.0 + float(tracks.score.max()), image, marks)
        return self._maybe_alert(t, image, marks)

    def _note_wanted(self, episode: Episode, t: float, present: set, rejected: tuple[Rejection, ...]) -> None:
        """Remember when an alert label last showed up, moving (a poster does not keep the detector busy)."""
        wanted = self.settings.alert_labels
        moving = any(episode.tracks[i].label in wanted and episode.tracks[i].moved for i in present)
        if moving or any(r.label in wanted for r in rejected):
            episode.last_wanted_s = t

    def close(self, t: float) -> list[Decision]:
        """End the open episode now (end of input, camera stopped)."""
        return self._finish(t) if self.episode else []

    def _maybe_close(self, t: float) -> list[Decision]:
        episode = self.episode
        quiet = t - episode.last_motion_s >= self.settings.end_after_s
        too_long = t - episode.start_s >= self.settings.max_episode_s
        return self._finish(episode.last_motion_s if quiet else t) if quiet or too_long else []

    def _maybe_alert(self, t: float, image: np.ndarray, marks: tuple[Marked, ...]) -> list[Decision]:
        episode = self.episode
        if episode.alerted:
            return []
        confirmed = self._confirmed(episode)
        if confirmed is None:
            return []
        if self._last_alert_s is not None and t - self._last_alert_s < self.settings.cooldown_s:
            return []  # decided at the end as a repeat
        if self._same_person(confirmed, t):
            episode.repeat_of_alert = True
            return []  # the person who was alerted on never left: decided at the end
        episode.alert = (confirmed.label, confirmed.median)
        self._last_alert_s = t
        episode.offer_snapshot(10.0, image, marks)  # the confirming frame is the snapshot
        return [self._decision(episode, "alert", confirmed.label, f"{confirmed.label} confirmed", t,
                               confirmed.median, False, (image, marks))]

    def _same_person(self, track: TrackHistory, t: float) -> bool:
        """A confirmed track where the last alerted person stood when the previous episode ended."""
        if self._still_there is None or t - self._still_there[0] > self.settings.same_person_s:
            return False
        return _iou(track.first_box, self._still_there[1]) >= 0.3

    def _confirmed(self, episode: Episode) -> TrackHistory | None:
        candidates = [h for h in episode.tracks.values() if h.label in self.settings.alert_labels
                      and track_problem(h, episode, self.settings) is None]
        return max(candidates, key=lambda h: h.median, default=None)

    def _finish(self, end_s: float) -> list[Decision]:
        episode, self.episode = self.episode, None
        confirmed = self._confirmed(episode)
        if confirmed is not None and (episode.alert or episode.repeat_of_alert):
            # Remember where they stand only if they stopped there; someone walking out has left.
            self._still_there = (end_s, confirmed.last_box) if confirmed.standing else None
        if episode.alert:
            label, score = episode.alert
            return [self._decision(episode, "alert", label, f"{label} confirmed", end_s, score, True, episode.snapshot)]
        label, reason, score = explain(episode, self.settings)
        return [self._decision(episode, "suppressed", label, reason, end_s, score, True, episode.snapshot)]

    def _decision(self, episode: Episode, verdict: str, label: str | None, reason: str, end_s: float,
                  score: float | None, final: bool, snapshot) -> Decision:
        image, marks = snapshot
        return Decision(self.camera, episode.number, verdict, label, reason, episode.start_s, end_s, score,
                        episode.started_at, final, marks, image)


def _iou(a: tuple, b: tuple) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0
