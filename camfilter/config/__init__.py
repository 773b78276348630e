"""Configuration: one YAML file validated once into frozen Settings."""

from camfilter.config.loading import ConfigError, ConfigProblem, load_settings, load_settings_file
from camfilter.config.sections import (
    AppriseSettings,
    CameraSettings,
    DetectorSettings,
    EventSettings,
    FilterSettings,
    MotionSettings,
    MqttSettings,
    ObjectRule,
    OutboxSettings,
    PushCameraSettings,
    Settings,
    SinkSettings,
    StoreSettings,
    WebhookSettings,
    WebPushSettings,
    WebSettings,
)

__all__ = [
    "AppriseSettings", "CameraSettings", "ConfigError", "ConfigProblem", "DetectorSettings", "EventSettings", "FilterSettings",
    "MotionSettings", "MqttSettings", "ObjectRule", "OutboxSettings", "PushCameraSettings", "Settings", "SinkSettings", "StoreSettings", "WebPushSettings", "WebSettings",
    "WebhookSettings", "load_settings", "load_settings_file",
]
