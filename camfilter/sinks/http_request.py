"""Templated HTTP requests for webhooks: presets (plain JSON, Blue Iris, Synology), placeholders, signature."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from camfilter.config import WebhookSettings

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SYNOLOGY_BODY = ('{"camera": "{nvr_camera}", "verdict": "{verdict}", "label": "{label}", "reason": "{reason}", '
                  '"id": "{id}", "snapshot_url": "{snapshot_url}"}')
SIGNATURE_HEADER = "X-Camfilter-Signature"


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    body: bytes | None
    headers: tuple[tuple[str, str], ...]


def url_template(settings: WebhookSettings) -> str:
    if settings.preset == "blue_iris" and "/admin" not in settings.url:
        return settings.url.rstrip("/") + "/admin?camera={bi_camera}&trigger&user={username}&pw={password}"
    return settings.url


def render(settings: WebhookSettings, payload: dict, idempotency_key: str) -> HttpRequest:
    """The request for one decision; pure, so tests and logs can look at it."""
    fields = template_fields(settings, payload)
    url = _fill(url_template(settings), fields, lambda v: quote(v, safe=""))
    body, content_type = _body(settings, payload, fields)
    headers = {"Idempotency-Key": idempotency_key, **settings.headers}
    if body is not None:
        headers.setdefault("Content-Type", content_type)
    if settings.secret:
        digest = hmac.new(settings.secret.get_secret_value().encode(), body or b"", hashlib.sha256).hexdigest()
        headers[SIGNATURE_HEADER] = f"sha256={digest}"
    return HttpRequest(settings.method or _method(settings), url, body, tuple(headers.items()))


def template_fields(settings: WebhookSettings, payload: dict) -> dict[str, str]:
    nvr_camera = settings.cameras.get(payload["camera"], payload["camera"])
    password = settings.password.get_secret_value() if settings.password else None
    return payload_fields(payload, nvr_camera=nvr_camera, bi_camera=nvr_camera, username=settings.username,
                          password=password)


def payload_fields(payload: dict, **extra) -> dict[str, str]:
    """Decision payload (+ extras) as template strings; None becomes empty."""
    return {k: "" if v is None else str(v) for k, v in {**payload, **extra}.items()}


def fill(template: str, fields: dict[str, str]) -> str:
    """{name} -> fields[name] (empty when unknown), for plain-text templates."""
    return _fill(template, fields, lambda v: v)


def display_url(settings: WebhookSettings) -> str:
    """What logs may show: scheme, host and path; no user info, no query (Blue Iris puts pw= there)."""
    parts = urlsplit(url_template(settings))
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, ("***@" if "@" in parts.netloc else "") + host, parts.path,
                       "***" if parts.query else "", ""))


def _method(settings: WebhookSettings) -> str:
    return "GET" if settings.preset == "blue_iris" else "POST"


def _body(settings: WebhookSettings, payload: dict, fields: dict[str, str]) -> tuple[bytes | None, str]:
    template = settings.body or (_SYNOLOGY_BODY if settings.preset == "synology" else None)
    if template is None:
        if settings.preset == "blue_iris" or (settings.method or _method(settings)) == "GET":
            return None, ""
        return json.dumps(payload).encode(), "application/json"
    is_json = template.lstrip().startswith(("{", "["))
    escape = (lambda v: json.dumps(v)[1:-1]) if is_json else (lambda v: v)
    return _fill(template, fields, escape).encode(), "application/json" if is_json else "text/plain; charset=utf-8"


def _fill(template: str, fields: dict[str, str], escape) -> str:
    return _PLACEHOLDER.sub(lambda m: escape(fields.get(m.group(1), "")), template)


_QUERY_SECRET = re.compile(r"([?&](?:pw|pwd|pass|password|passwd|token|key|api_key|apikey|secret|auth|sid)=)[^&\s\"']*",
                           re.IGNORECASE)


def redact_query(text: str) -> str:
    """…&pw=secret&… -> …&pw=***&…, for log lines written by libraries (urllib3 logs request lines)."""
    return _QUERY_SECRET.sub(r"\1***", text)
