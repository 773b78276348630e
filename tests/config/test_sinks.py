"""The sinks section: every target loads; mistakes give line-numbered errors."""

import pytest

from camfilter.config import ConfigError, load_settings
from camfilter.commands import settings_for_run
from camfilter.cli import build_parser

SINKS = """\
sinks:
  webhooks:
    - url: http://nvr.local/hook
      timeout_s: 3
    - preset: blue_iris
      url: http://bi:81
      username: cf
      password: ${BI_PW}
      cameras: {front: FrontDoor}
  mqtt:
    host: 10.0.0.5
    password: ${MQTT_PW}
  apprise:
    - url: ntfy://ntfy.sh/${TOPIC}
  webpush: {quiet_hours: "22:00-07:00", cameras: {garage: {enabled: false}}}
  outbox: {max_retry_s: 30}
web:
  api_token: ${TOKEN}
"""
ENV = {"BI_PW": "bi-secret", "MQTT_PW": "mq-secret", "TOPIC": "topic-secret", "TOKEN": "tok-secret"}


def test_all_sinks_load_and_secrets_stay_hidden():
    settings = load_settings(SINKS, ENV)
    sinks = settings.sinks
    assert [w.preset for w in sinks.webhooks] == ["json", "blue_iris"] and sinks.webhooks[0].timeout_s == 3
    assert sinks.mqtt.prefix == "camfilter" and sinks.mqtt.port == 1883
    assert sinks.webpush.cameras["garage"].enabled is False and sinks.outbox.max_retry_s == 30
    shown = repr(settings) + str(settings.model_dump())
    assert not any(secret in shown for secret in ENV.values())


@pytest.mark.parametrize("text, line, words", [
    ("sinks:\n  mqtt: {port: 1883}\n", 2, "sinks.mqtt.host: Field required"),
    ("sinks:\n  webhooks:\n    - url: http://x\n      preset: frigate\n", 4, "sinks.webhooks.0.preset"),
    ("sinks:\n  webpush:\n    quiet_hours: 25:00-07:00\n", 3, "sinks.webpush.quiet_hours"),
    ("sinks:\n  apprise:\n    - url: json://x\n      body: '{nope}'\n", 4, "unknown placeholder {nope}"),
    ("web:\n  max_upload_mb: 0\n", 2, "web.max_upload_mb"),
])
def test_bad_sink_settings_name_their_line(text, line, words):
    with pytest.raises(ConfigError) as err:
        load_settings(text, {})
    assert f"<config>:{line}:" in str(err.value) and words in str(err.value)


def test_mqtt_quick_start_flag():
    args = build_parser().parse_args(["run", "--mqtt", "127.0.0.1:1884"])
    mqtt = settings_for_run(args, {}).sinks.mqtt
    assert (mqtt.host, mqtt.port, mqtt.prefix) == ("127.0.0.1", 1884, "camfilter")
    with pytest.raises(ConfigError, match="expected HOST:PORT"):
        settings_for_run(build_parser().parse_args(["run", "--mqtt", "broker"]), {})
