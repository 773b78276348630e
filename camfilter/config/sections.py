"""One strict, frozen pydantic model per config section."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

Point = tuple[float, float]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MotionSettings(Strict):
    width: int = Field(320, ge=64, le=1920, description="width of the grey image the gate compares")
    pixel_threshold: int = Field(25, ge=1, le=255, description="grey-level change that counts as motion")
    night_pixel_threshold: int | None = Field(None, ge=1, le=255, description="the same at night and under IR")
    blur: int = Field(5, ge=1, le=31, description="odd Gaussian kernel against sensor noise")
    background_alpha: float = Field(0.05, gt=0, le=1, description="running-average learning rate")
    min_area: float = Field(0.0008, ge=0, le=1, description="smallest moving blob, as a fraction of the frame")
    lighting_fraction: float = Field(0.5, gt=0, le=1, description="changed fraction that means a whole-frame light change")
    global_light_change: float = Field(0.08, gt=0, le=1, description="mean brightness change that means a light change")
    warmup_frames: int = Field(5, ge=0, description="frames used to learn the background before gating")
    idle_stride: int = Field(2, ge=1, le=10, description="with no episode open, check every n-th frame only "
                             "(a quiet camera costs little more than decoding; motion is seen one frame later)")
    scattered_blobs: int = Field(40, ge=2, description="this many separate blobs at once means rain or snow")
    mode_switch_grace_s: float = Field(3.0, ge=0, description="after a day/night/IR switch, motion counts as lighting")
    masks: tuple[tuple[Point, ...], ...] = Field((), description="polygons (0..1 coordinates) where motion is ignored")

    @field_validator("blur")
    @classmethod
    def _odd(cls, value: int) -> int:
        if value % 2 == 0:
            raise ValueError("must be odd")
        return value


class ObjectRule(Strict):
    min_score: float = Field(0.4, ge=0, le=1, description="detections below this score are dropped")
    min_area: float = Field(0.0, ge=0, le=1, description="smallest box, as a fraction of the frame")
    max_area: float = Field(1.0, ge=0, le=1, description="largest box, as a fraction of the frame")
    min_aspect: float = Field(0.0, ge=0, description="smallest width/height ratio")
    max_aspect: float = Field(100.0, ge=0, description="largest width/height ratio")


def _default_objects() -> dict[str, ObjectRule]:
    return {
        "person": ObjectRule(min_score=0.4, max_aspect=1.6),
        "cat": ObjectRule(min_score=0.3),
        "dog": ObjectRule(min_score=0.3),
    }


class FilterSettings(Strict):
    objects: dict[str, ObjectRule] = Field(default_factory=_default_objects, description="labels tracked, with their rules")
    zones: tuple[tuple[Point, ...], ...] = Field((), description="alert only when the box's bottom centre is inside one (0..1)")
    masks: tuple[tuple[Point, ...], ...] = Field((), description="ignore boxes whose bottom centre is inside one (0..1)")

    @field_validator("zones", "masks")
    @classmethod
    def _polygons(cls, value: tuple[tuple[Point, ...], ...]) -> tuple[tuple[Point, ...], ...]:
        for poly in value:
            if len(poly) < 3:
                raise ValueError("a polygon needs at least 3 points")
        return value


class EventSettings(Strict):
    alert_labels: tuple[str, ...] = Field(("person",), description="labels that raise an alert")
    confirm_score: float = Field(0.55, ge=0, le=1, description="median track score that confirms an object")
    night_confirm_score: float | None = Field(None, ge=0, le=1, description="the same at night and under IR")
    near_pet_score: float = Field(0.75, ge=0, le=1, description="a person next to a pet seen in the last 3 s must reach this")
    min_hits: int = Field(3, ge=1, description="detector frames a track needs before it can confirm")
    score_window: int = Field(5, ge=1, le=50, description="recent scores the median is taken over")
    detect_fps: float = Field(5.0, gt=0, description="detector rate while an episode is undecided")
    decided_detect_fps: float = Field(1.0, gt=0, description="detector rate once an alert is out")
    idle_detect_fps: float = Field(2.0, gt=0, description="detector rate once an episode has shown no person "
                                   "for idle_after_s (shadows, rain, pets): a newcomer is still seen within 0.5 s")
    idle_after_s: float = Field(2.0, ge=0)
    end_after_s: float = Field(2.0, gt=0, description="quiet time that ends a motion episode")
    max_episode_s: float = Field(120.0, gt=0, description="longest episode; continuous motion is split")
    cooldown_s: float = Field(30.0, ge=0, description="a new alert within this time of the last is suppressed")
    same_person_s: float = Field(300.0, ge=0, description="a person confirmed where the last alerted one stood, "
                                 "within this time of that episode's end, is the same person: no new alert")


class CameraSettings(Strict):
    url: str = Field(description="rtsp://host[:port]/path, or a video file path")
    username: str | None = Field(None, description="kept apart from the URL so any character works")
    password: SecretStr | None = None
    enabled: bool = True
    realtime: bool = Field(True, description="play video files at their native frame rate")
    open_timeout_s: float = Field(5.0, gt=0)
    stall_s: float = Field(5.0, gt=0, description="no frame for this long counts as a stall and reconnects")
    max_backoff_s: float = Field(4.0, gt=0, description="longest wait between reconnects (1, 2, 4 … s)")
    motion: MotionSettings = MotionSettings()
    filters: FilterSettings = FilterSettings()
    events: EventSettings = EventSettings()


class DetectorSettings(Strict):
    model: str = Field("weights/yolo11n.pt", description="any Ultralytics format: .pt, .onnx, OpenVINO folder, .tflite")
    device: str = Field("cpu", pattern=r"^(cpu|cuda(:\d+)?|mps|\d+)$", description="cpu, cuda, cuda:N or mps")
    threads: int = Field(0, ge=0, le=64, description="inference threads; 0 = all cores")
    imgsz: int = Field(640, ge=32, le=1920)
    min_score: float = Field(0.25, ge=0, le=1, description="detector confidence floor before filters")


class StoreSettings(Strict):
    path: str = Field("data", description="folder for the SQLite database and snapshots")
    retention_days: float = Field(30.0, gt=0)
    max_size_mb: float = Field(2000.0, gt=0, description="snapshots are pruned oldest first above this")


Verdict = Literal["alert", "suppressed"]


TEMPLATE_FIELDS = ("id", "camera", "nvr_camera", "bi_camera", "verdict", "label", "reason", "score", "started_at",
                   "snapshot_url", "username", "password")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class WebhookSettings(Strict):
    url: str = Field(description="target URL; with a preset, the base URL of the NVR; may hold {placeholders}")
    name: str | None = Field(None, pattern=r"^[A-Za-z0-9_.-]{1,64}$",
                             description="stable id of this target in the outbox; default: a hash of the URL")
    preset: Literal["json", "blue_iris", "synology"] = Field(
        "json", description="json: POST the decision as JSON; blue_iris: GET its trigger URL; "
                            "synology: POST to a Surveillance Station webhook (Action Rule) URL")
    method: Literal["GET", "POST", "PUT"] | None = Field(None, description="default: the preset's")
    body: str | None = Field(None, description="body template, e.g. '{\"text\": \"{camera}: {reason}\"}'; "
                                               "default: the preset's (json: the whole decision)")
    headers: dict[str, str] = Field({}, description="extra request headers")
    secret: SecretStr | None = Field(None, description="signs the raw body: X-Camfilter-Signature: sha256=<hex>")
    username: str | None = Field(None, description="for {username} in templates (Blue Iris user)")
    password: SecretStr | None = Field(None, description="for {password} in templates; never logged")
    cameras: dict[str, str] = Field({}, description="camfilter camera -> NVR camera name ({nvr_camera})")
    verdicts: tuple[Verdict, ...] = ("alert",)
    timeout_s: float = Field(5.0, gt=0)

    @field_validator("url", "body")
    @classmethod
    def _known_placeholders(cls, value: str | None) -> str | None:
        unknown = [n for n in _PLACEHOLDER.findall(value or "") if n not in TEMPLATE_FIELDS]
        if unknown:
            raise ValueError(f"unknown placeholder {{{unknown[0]}}}; known: {', '.join(TEMPLATE_FIELDS)}")
        return value


class OutboxSettings(Strict):
    first_retry_s: float = Field(1.0, gt=0, description="wait after the first failed attempt; doubles each time")
    max_retry_s: float = Field(60.0, gt=0, description="longest wait between attempts")
    give_up_after_h: float = Field(24.0, gt=0, description="an undelivered event is dropped after this long")


class MqttSettings(Strict):
    host: str = Field(description="broker host name or address")
    port: int = Field(1883, ge=1, le=65535)
    username: str | None = None
    password: SecretStr | None = None
    prefix: str = Field("camfilter", pattern=r"^[^#+]+$", description="topic prefix, like Frigate's 'frigate'")
    client_id: str = Field("camfilter", min_length=1, max_length=64)
    discovery: bool = Field(True, description="publish Home Assistant MQTT discovery configs (retained)")
    discovery_prefix: str = Field("homeassistant", pattern=r"^[^#+]+$")
    verdicts: tuple[Verdict, ...] = Field(("alert",), description="decisions published on <prefix>/events")
    timeout_s: float = Field(5.0, gt=0, description="wait for the broker's acknowledgement of each message")
    keepalive_s: int = Field(30, ge=5, le=3600, description="a dead connection is noticed after 1.5x this")


class AppriseSettings(Strict):
    url: SecretStr = Field(description="an Apprise URL: ntfy://, pover://, tgram://, gotify://, mailto://, json:// …")
    name: str | None = Field(None, pattern=r"^[A-Za-z0-9_.-]{1,64}$",
                             description="stable id in the outbox and in logs (the URL holds tokens)")
    verdicts: tuple[Verdict, ...] = ("alert",)
    title: str = Field("{camera}: {label}", description="title template (webhook placeholders)")
    body: str = Field("{reason} (score {score})", description="message template (webhook placeholders)")
    attach_snapshot: bool = True

    @field_validator("title", "body")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        return WebhookSettings._known_placeholders(value)


_QUIET = r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$"


class PushCameraSettings(Strict):
    cooldown_s: float | None = Field(None, ge=0, description="this camera's own cooldown")
    quiet_hours: str | None = Field(None, pattern=_QUIET, description="this camera's own quiet hours")
    enabled: bool = Field(True, description="false: never push this camera")


class WebPushSettings(Strict):
    subject: str = Field("mailto:camfilter@localhost", pattern=r"^(mailto:|https://)\S+$",
                         description="VAPID contact the push services may use (mailto: or https:)")
    verdicts: tuple[Verdict, ...] = ("alert",)
    cooldown_s: float = Field(60.0, ge=0, description="at most one push per camera in this time")
    quiet_hours: str | None = Field(None, pattern=_QUIET, description="HH:MM-HH:MM local time without pushes")
    cameras: dict[str, PushCameraSettings] = Field({}, description="per-camera overrides")
    ttl_s: int = Field(3600, ge=0, le=2419200, description="how long a push service keeps an undelivered push")
    timeout_s: float = Field(10.0, gt=0)


class SinkSettings(Strict):
    webhooks: tuple[WebhookSettings, ...] = ()
    mqtt: MqttSettings | None = None
    apprise: tuple[AppriseSettings, ...] = ()
    webpush: WebPushSettings | None = Field(None, description="push to the phones subscribed on the /push page")
    outbox: OutboxSettings = OutboxSettings()


class WebSettings(Strict):
    listen: str = Field("127.0.0.1:5000", pattern=r"^[^:]+:\d{1,5}$")
    public_url: str | None = Field(None, description="base URL put in snapshot links; default from listen")
    api_token: SecretStr | None = Field(None, description="Authorization: Bearer <token> for the API and pages; "
                                                          "without one, only loopback clients are let in")
    deepstack_api_key: SecretStr | None = Field(None, description="api_key form field the DeepStack endpoint "
                                                                  "requires; none: open")
    max_upload_mb: float = Field(10.0, gt=0, le=200, description="largest image accepted by the DeepStack endpoint")


class Settings(Strict):
    version: int = 1
    detector: DetectorSettings = DetectorSettings()
    cameras: dict[str, CameraSettings] = {}
    store: StoreSettings = StoreSettings()
    sinks: SinkSettings = SinkSettings()
    web: WebSettings = WebSettings()

    @field_validator("cameras")
    @classmethod
    def _camera_names(cls, value: dict[str, CameraSettings]) -> dict[str, CameraSettings]:
        for name in value:
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name):
                raise ValueError(f"camera name {name!r}: use letters, digits, '_' and '-' only")
        return value
