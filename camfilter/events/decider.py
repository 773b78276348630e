"""Turns motion, tracks and rejections into exactly one decision per motion episode."""

from __future__ import annotations

import numpy as np

from camfilter.config import EventSettings
from camfilter.events import Decision, Marked
from camfilter.events.episode import Episode, TrackHistory
from camfilter.filters import Rejection
from camfilter.motion import Motion
from camfilter.tracking import Tracks


class EpisodeDecider:
    def __init__(self, camera: str, settings: EventSettings):
        self.camera, self.settings = camera, settings
        self.episode: Episode | None = None
        self._count = 0
        self._last_alert_s: float | None = None

    @property
    def open(self) -> bool:
        return self.episode is not None

    @property
    def alerted(self) -> bool:
        return self.episode is not None and self.episode.alerted

    def observe(self, t: float, wall: float, motion: Motion, image: np.ndarray) -> list[Decision]:
        """Account for one frame's motion; returns the decision of an episode that just ended."""
        ended = self._maybe_close(t) if self.episode else []
        if motion.moving:
            if self.episode is None:
                self._count += 1
                self.episode = Episode(self._count, t, wall, t, self.settings.score_window)
            self.episode.last_motion_s = t
            self.episode.motion_frames += 1
            self.episode.lighting_frames += motion.lighting
            marks = tuple(Marked(b, "motion", None) for b in motion.boxes)
            self.episode.offer_snapshot(motion.changed_fraction, image, marks)
        return ended

    def detected(self, t: float, tracks: Tracks, rejected: tuple[Rejection, ...], image: np.ndarray) -> list[Decision]:
        """Account for one detector pass during the open episode; may return an alert at once."""
        episode = self.episode
        if episode is None:
            return []
        for rejection in rejected:
            episode.rejections[(rejection.label, rejection.reason)] += 1
        present = set()
        for i, track_id in enumerate(tracks.track_id.tolist()):
            present.add(track_id)
            episode.history(track_id, str(tracks.label[i])).seen(float(tracks.score[i]))
        for track_id, history in episode.tracks.items():
            if track_id not in present:
                history.missed()
        marks = tuple(Marked(tuple(int(v) for v in tracks.xyxy[i]), str(tracks.label[i]), float(tracks.score[i]))
                      for i in range(len(tracks)))
        if marks:
            episode.offer_snapshot(1.0 + float(tracks.score.max()), image, marks)
        return self._maybe_alert(t, image, marks)

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
        confirmed = self._confirmed(self.settings.alert_labels)
        if confirmed is None:
            return []
        if self._last_alert_s is not None and t - self._last_alert_s < self.settings.cooldown_s:
            return []  # decided at the end as a repeat
        episode.alert = (confirmed.label, confirmed.median)
        self._last_alert_s = t
        episode.offer_snapshot(10.0, image, marks)  # the confirming frame is the snapshot
        return [self._decision(episode, "alert", confirmed.label, f"{confirmed.label} confirmed", t,
                               confirmed.median, False, (image, marks))]

    def _confirmed(self, labels: tuple[str, ...]) -> TrackHistory | None:
        candidates = [h for h in self.episode.tracks.values() if h.label in labels
                      and h.hits >= self.settings.min_hits and h.median >= self.settings.confirm_score]
        return max(candidates, key=lambda h: h.median, default=None)

    def _finish(self, end_s: float) -> list[Decision]:
        episode, self.episode = self.episode, None
        if episode.alert:
            label, score = episode.alert
            return [self._decision(episode, "alert", label, f"{label} confirmed", end_s, score, True, episode.snapshot)]
        label, reason, score = self._explain(episode)
        return [self._decision(episode, "suppressed", label, reason, end_s, score, True, episode.snapshot)]

    def _explain(self, episode: Episode) -> tuple[str | None, str, float | None]:
        s = self.settings
        wanted = [h for h in episode.tracks.values() if h.label in s.alert_labels]
        confirmed = [h for h in wanted if h.hits >= s.min_hits and h.median >= s.confirm_score]
        if confirmed:
            best = max(confirmed, key=lambda h: h.median)
            return best.label, f"repeat within cooldown ({s.cooldown_s:g} s)", best.best
        others = [h for h in episode.tracks.values() if h.label not in s.alert_labels]
        alert_noun = "/".join(s.alert_labels)
        if wanted:
            best = max(wanted, key=lambda h: h.best)
            if best.hits < s.min_hits:
                return best.label, f"{best.label} seen in {best.hits} of {s.min_hits} frames needed", best.best
            return best.label, f"below min score ({best.label} median {best.median:.2f} < {s.confirm_score:g})", best.best
        rejected = [(n, key) for key, n in episode.rejections.items() if key[0] in s.alert_labels]
        if rejected:
            _, (label, reason) = max(rejected)
            return label, f"{reason} ({label})", None
        if others:
            best = max(others, key=lambda h: (h.hits, h.best))
            return best.label, f"{best.label}, not {alert_noun}", best.best
        if episode.lighting_frames * 2 >= episode.motion_frames:
            return None, "lighting change", None
        return None, "no object in motion", None

    def _decision(self, episode: Episode, verdict: str, label: str | None, reason: str, end_s: float,
                  score: float | None, final: bool, snapshot) -> Decision:
        image, marks = snapshot
        return Decision(self.camera, episode.number, verdict, label, reason, episode.start_s, end_s, score,
                        episode.started_at, final, marks, image)
