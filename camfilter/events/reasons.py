"""Why a track did not confirm, and why an episode without an alert was suppressed, in words."""

from __future__ import annotations

from camfilter.config import EventSettings
from camfilter.events.episode import PETS, Episode, TrackHistory

SHADOW = "shadow: no object in moving region"
HEADLIGHTS = "light: headlights or a lamp swept the scene, no object"
INSECT = "insect or web near the lens: an erratic blurry blob, no object"


def track_problem(track: TrackHistory, episode: Episode, settings: EventSettings) -> str | None:
    """None when the track confirms as one of the alert labels; otherwise what stands in the way."""
    threshold = settings.night_confirm_score if episode.dark and settings.night_confirm_score is not None \
        else settings.confirm_score
    min_hits = settings.min_hits
    pet = episode.near_pet(track.last_box, track.last_t) if track.label not in PETS else None
    if pet and track.label not in settings.alert_labels:
        pet = None
    if pet:
        threshold, min_hits = max(threshold, settings.near_pet_score), 2 * min_hits
    if track.hits < min_hits:
        return f"{track.label} seen in {track.hits} of {min_hits} frames needed"
    if track.median < threshold:
        if pet:
            return f"pet: {pet}, not {track.label} ({track.label}-like boxes next to the {pet})"
        return f"below min score ({track.label} median {track.median:.2f} < {threshold:g})"
    if not track.moved:
        return f"static object: nothing inside the {track.label} box moves"
    return None


def explain(episode: Episode, settings: EventSettings) -> tuple[str | None, str, float | None]:
    """(label, reason, score) for an episode that ends without an alert."""
    wanted = [h for h in episode.tracks.values() if h.label in settings.alert_labels]
    problems = {id(h): track_problem(h, episode, settings) for h in wanted}
    confirmed = [h for h in wanted if problems[id(h)] is None]
    if confirmed:
        best = max(confirmed, key=lambda h: h.median)
        if episode.repeat_of_alert:
            return best.label, f"same {best.label} as the last alert, still there", best.best
        return best.label, f"repeat within cooldown ({settings.cooldown_s:g} s)", best.best
    others = [h for h in episode.tracks.values() if h.label not in settings.alert_labels]
    pets = [h for h in others if h.label in PETS]
    strong = [h for h in wanted if _strong(problems[id(h)])]
    if strong:
        best = max(strong, key=lambda h: h.best)
        return best.label, problems[id(best)], best.best
    if pets:
        best = max(pets, key=lambda h: (h.hits, h.best))
        return best.label, f"pet: {best.label}", best.best
    if wanted:
        best = max(wanted, key=lambda h: h.best)
        return best.label, problems[id(best)], best.best
    return _without_tracks(episode, settings, others)


def _strong(problem: str | None) -> bool:
    """Problems that say more than a pet seen nearby would."""
    return bool(problem) and problem.startswith(("static object", "pet:"))


def _without_tracks(episode: Episode, settings: EventSettings, others: list[TrackHistory]):
    rejected = [(n, key) for key, n in episode.rejections.items() if key[0] in settings.alert_labels]
    if rejected:
        _, (label, reason) = max(rejected)
        return label, f"{reason} ({label})", None
    if others:
        best = max(others, key=lambda h: (h.hits, h.best))
        return best.label, f"{best.label}, not {'/'.join(settings.alert_labels)}", best.best
    if episode.lighting_frames * 2 >= episode.motion_frames:
        return None, "lighting change", None
    if episode.scattered_frames * 2 >= episode.motion_frames:
        return None, "rain or snow: motion all over the frame, no object", None
    return None, _light_or_shadow(episode) or "no object in motion", None


def _light_or_shadow(episode: Episode) -> str | None:
    """Most moving regions only changed the light on the scene: say which kind of light."""
    kinds = episode.kinds
    if (kinds["shadow"] + kinds["light"] + kinds["blur"]) * 2 < sum(kinds.values()):
        return None
    if episode.dark and episode.erratic:
        return INSECT
    if kinds["blur"] > kinds["shadow"] + kinds["light"]:
        return INSECT
    if episode.dark and kinds["light"] >= kinds["shadow"]:
        return HEADLIGHTS
    return SHADOW
