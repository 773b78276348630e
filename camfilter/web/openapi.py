"""The OpenAPI 3 description of the JSON API, served at /api/openapi.json and fuzzed by the tests."""

from __future__ import annotations

from camfilter import __version__

MAX_ID = 2**63 - 1  # SQLite's INTEGER range


def _nullable(kind: str, **extra) -> dict:
    return {"type": kind, "nullable": True, **extra}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(schema: str, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


_SUMMARY = {"type": "object", "required": ["n", "p50", "p90", "p99", "max"], "properties": {
    "n": {"type": "integer", "minimum": 0}, **{k: _nullable("number") for k in ("p50", "p90", "p99", "max")}}}

_CAMERA = {"type": "object", "required": ["camera", "state", "fps", "last_frame_age_s", "reconnects", "detector_ms"],
           "properties": {
               "camera": {"type": "string"}, "url": {"type": "string", "description": "credentials redacted"},
               "state": {"type": "string", "enum": ["connecting", "streaming", "retrying", "ended", "stopped"]},
               "fps": {"type": "number"}, "last_frame_age_s": _nullable("number"), "frames": {"type": "integer"},
               "dropped": {"type": "integer"}, "reconnects": {"type": "integer"}, "error": _nullable("string"),
               "detector_ms": _nullable("number"), "decisions": {"type": "integer"}}}

_DECISION = {"type": "object", "required": ["id", "camera", "verdict", "reason", "started_at", "decided_at"],
             "properties": {
                 "id": {"type": "integer"}, "camera": {"type": "string"}, "episode": {"type": "integer"},
                 "source": _nullable("string"), "verdict": {"type": "string", "enum": ["alert", "suppressed"]},
                 "label": _nullable("string"), "reason": {"type": "string"},
                 "start_s": {"type": "number"}, "end_s": {"type": "number"}, "score": _nullable("number"),
                 "started_at": {"type": "number", "description": "episode start, epoch seconds"},
                 "captured_at": _nullable("number", description="capture of the deciding frame, epoch seconds"),
                 "decided_at": {"type": "number", "description": "epoch seconds"}, "final": {"type": "boolean"},
                 "snapshot": _nullable("string", description="URL of the JPEG")}}

_DELIVERY = {"type": "object", "required": ["target", "phase", "state", "attempts", "delivered_at"], "properties": {
    "target": {"type": "string"}, "phase": {"type": "string", "enum": ["new", "end"]},
    "state": {"type": "string", "enum": ["pending", "delivered", "failed"]}, "attempts": {"type": "integer"},
    "delivered_at": _nullable("number"), "last_error": _nullable("string")}}

_COUNTS = {"type": "object", "properties": {k: {"type": "integer"} for k in ("pending", "delivered", "failed")}}

_SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"},
                                                                       "success": {"type": "boolean"}}},
    "Health": {"type": "object", "required": ["ok", "cameras", "streaming"], "properties": {
        "ok": {"type": "boolean"}, "cameras": {"type": "integer"}, "streaming": {"type": "integer"}}},
    "LatencySummary": _SUMMARY,
    "CameraStatus": _CAMERA,
    "Status": {"type": "object", "required": ["cameras", "latency", "outbox"], "properties": {
        "cameras": {"type": "array", "items": {"$ref": "#/components/schemas/CameraStatus"}},
        "latency": {"type": "object", "required": ["capture_to_decision_ms", "decision_to_delivered_ms"],
                    "properties": {
                        "window_s": {"type": "integer"},
                        "capture_to_decision_ms": {"$ref": "#/components/schemas/LatencySummary"},
                        "decision_to_delivered_ms": {"type": "object", "description": "per target",
                                                     "additionalProperties": {"$ref": "#/components/schemas/LatencySummary"}}}},
        "outbox": {"type": "object", "additionalProperties": _COUNTS}}},
    "Decision": _DECISION,
    "Delivery": _DELIVERY,
    "DecisionDetail": {"allOf": [{"$ref": "#/components/schemas/Decision"}, {
        "type": "object", "required": ["deliveries"], "properties": {
            "deliveries": {"type": "array", "items": {"$ref": "#/components/schemas/Delivery"}}}}]},
    "DecisionList": {"type": "object", "required": ["decisions"], "properties": {
        "decisions": {"type": "array", "items": {"$ref": "#/components/schemas/Decision"}}}},
    "Feedback": {"type": "object", "required": ["decision_id", "feedback", "at"], "properties": {
        "decision_id": {"type": "integer"}, "feedback": {"type": "string", "enum": ["correct", "false_alarm", "missed"]},
        "note": _nullable("string"), "at": {"type": "number"}}},
    "FeedbackSummary": {"type": "object", "required": ["cameras"], "properties": {"cameras": {
        "type": "object", "additionalProperties": {"type": "object", "required": ["alerts", "precision"], "properties": {
            **{k: {"type": "integer"} for k in ("alerts", "rated_alerts", "correct", "false_alarms", "missed",
                                                  "confirmed_quiet")},
            "precision": _nullable("number", description="correct / rated alerts")}}}}},
    "Detections": {"type": "object", "required": ["success", "predictions"], "properties": {
        "success": {"type": "boolean"}, "duration": {"type": "number"},
        "predictions": {"type": "array", "items": {"type": "object", "required": [
            "label", "confidence", "x_min", "y_min", "x_max", "y_max"], "properties": {
                "label": {"type": "string"}, "confidence": {"type": "number"},
                **{k: {"type": "integer"} for k in ("x_min", "y_min", "x_max", "y_max")}}}}}},
}

_ID = {"name": "decision_id", "in": "path", "required": True,
       "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
_TIME = {"oneOf": [{"type": "number"}, {"type": "string", "format": "date-time"}]}
_NEEDS_LOGIN = {"401": _error("no or wrong token (or not loopback without a token)")}


def _paths() -> dict:
    public: list = []
    return {
        "/api/health": {"get": {"summary": "Is camfilter up; how many cameras stream", "security": public,
                                "responses": {"200": _ok("Health")}}},
        "/api/openapi.json": {"get": {"summary": "This document", "security": public,
                                      "responses": {"200": {"description": "OpenAPI 3 document",
                                                            "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        "/api/status": {"get": {"summary": "Per-camera status, latency percentiles (24 h), outbox counts",
                                "responses": {"200": _ok("Status"), **_NEEDS_LOGIN}}},
        "/api/decisions": {"get": {
            "summary": "Decisions, newest first",
            "parameters": [
                {"name": "camera", "in": "query", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}},
                {"name": "verdict", "in": "query", "schema": {"type": "string", "enum": ["alert", "suppressed"]}},
                {"name": "since", "in": "query", "schema": _TIME, "description": "episode start >= (epoch s or ISO 8601)"},
                {"name": "until", "in": "query", "schema": _TIME, "description": "episode start < (epoch s or ISO 8601)"},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}],
            "responses": {"200": _ok("DecisionList"), "400": _error("a query parameter is not usable"), **_NEEDS_LOGIN}}},
        "/api/decisions/{decision_id}": {"get": {
            "summary": "One decision with its per-target deliveries", "parameters": [_ID],
            "responses": {"200": _ok("DecisionDetail"), "404": _error("no such decision"), **_NEEDS_LOGIN}}},
        "/api/decisions/{decision_id}/snapshot": {"get": {
            "summary": "The decision's JPEG with its boxes", "parameters": [_ID],
            "responses": {"200": {"description": "JPEG", "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}},
                          "404": _error("no such decision or no picture"), **_NEEDS_LOGIN}}},
        "/api/decisions/{decision_id}/feedback": {"post": {
            "summary": "Say whether a decision was right: correct, false_alarm (alerts), missed (suppressed)",
            "parameters": [_ID], "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["feedback"], "properties": {
                    "feedback": {"type": "string", "enum": ["correct", "false_alarm", "missed"]},
                    "note": _nullable("string", maxLength=500)}}}}},
            "responses": {"200": _ok("Feedback"), "400": _error("not usable feedback"),
                          "404": _error("no such decision"),
                          "409": _error("does not fit the decision ('missed' is for suppressed ones)"), **_NEEDS_LOGIN}}},
        "/api/feedback": {"get": {"summary": "Per-camera precision from the feedback given",
                                  "responses": {"200": _ok("FeedbackSummary"), **_NEEDS_LOGIN}}},
        "/v1/vision/detection": {"post": {
            "summary": "DeepStack-compatible object detection", "security": public,
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["image"], "properties": {
                    "image": {"type": "string", "format": "binary"},
                    "min_confidence": {"type": "number", "minimum": 0, "maximum": 1},
                    "api_key": {"type": "string"}}}}}},
            "responses": {"200": _ok("Detections"), "400": _error("not an image or bad field"),
                          "401": _error("api_key missing or wrong (when one is configured)"),
                          "413": _error("upload too large"), "503": _error("no detector loaded")}}},
    }


_CAMERA_PATH = {"name": "camera", "in": "path", "required": True,
                "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}
_PUSH_OFF = {"503": _error("Web Push is off (no sinks.webpush)")}


def _json_body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _push_paths() -> dict:
    flag = lambda name: {"description": "OK", "content": {"application/json": {"schema": {  # noqa: E731
        "type": "object", "required": [name], "properties": {name: {"type": "boolean"}}}}}}
    subscription = {"type": "object", "required": ["endpoint", "keys"], "properties": {
        "endpoint": {"type": "string", "format": "uri"},
        "keys": {"type": "object", "required": ["p256dh", "auth"],
                 "properties": {"p256dh": {"type": "string", "pattern": "^[A-Za-z0-9_-]{87}$",
                                           "description": "base64url P-256 public key (65 bytes)"},
                                "auth": {"type": "string", "pattern": "^[A-Za-z0-9_-]{22}$",
                                         "description": "base64url 16-byte secret"}}}}}
    return {
        "/api/push/key": {"get": {"summary": "VAPID public key (applicationServerKey) and subscription count",
                                  "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                                      "type": "object", "required": ["public_key", "subscriptions"], "properties": {
                                          "public_key": {"type": "string"}, "subscriptions": {"type": "integer"}}}}}},
                                      **_NEEDS_LOGIN, **_PUSH_OFF}}},
        "/api/push/subscriptions": {"post": {
            "summary": "Store this browser's PushSubscription.toJSON()", "requestBody": _json_body(subscription),
            "responses": {"200": flag("subscribed"), "201": flag("subscribed"),
                          "400": _error("not a usable subscription"), **_NEEDS_LOGIN, **_PUSH_OFF}}},
        "/api/push/unsubscribe": {"post": {
            "summary": "Forget a subscription", "requestBody": _json_body({
                "type": "object", "required": ["endpoint"], "properties": {"endpoint": {"type": "string", "minLength": 1}}}),
            "responses": {"200": flag("removed"), "400": _error("no endpoint"), **_NEEDS_LOGIN, **_PUSH_OFF}}},
        "/api/push/snoozes": {"get": {
            "summary": "Cameras snoozed now, with the epoch second their snooze ends",
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                "type": "object", "required": ["snoozes"], "properties": {"snoozes": {
                    "type": "object", "additionalProperties": {"type": "number"}}}}}}}, **_NEEDS_LOGIN, **_PUSH_OFF}}},
        "/api/push/snoozes/{camera}": {
            "put": {"summary": "No pushes from this camera for a while", "parameters": [_CAMERA_PATH],
                    "requestBody": _json_body({"type": "object", "required": ["minutes"], "properties": {
                        "minutes": {"type": "number", "exclusiveMinimum": True, "minimum": 0, "maximum": 10080}}}),
                    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["camera", "until"], "properties": {
                            "camera": {"type": "string"}, "until": {"type": "number"}}}}}},
                        "400": _error("bad camera or minutes"), **_NEEDS_LOGIN, **_PUSH_OFF}},
            "delete": {"summary": "Pushes from this camera again", "parameters": [_CAMERA_PATH],
                       "responses": {"200": flag("removed"), "400": _error("bad camera name"), **_NEEDS_LOGIN,
                                     **_PUSH_OFF}}},
    }


def spec() -> dict:
    return {"openapi": "3.0.3",
            "info": {"title": "camfilter", "version": __version__,
                     "description": "Smart-camera false-alarm filter: decisions, snapshots, status, detection."},
            "paths": {**_paths(), **_push_paths()},
            "components": {"schemas": _SCHEMAS,
                           "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                          "description": "web.api_token"}}},
            "security": [{"bearer": []}]}
