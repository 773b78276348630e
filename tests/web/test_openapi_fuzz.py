"""Schemathesis fuzzes every operation of the served OpenAPI document: no 500s, answers match the spec."""

import tempfile
from pathlib import Path

import numpy as np
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from camfilter.config import WebSettings
from camfilter.events import Decision, Marked
from camfilter.sinks.outbox import Outbox
from camfilter.sinks.push_store import PushStore
from camfilter.sinks.store import DecisionStore
from camfilter.sinks.targets import PushSetup
from camfilter.sinks.vapid import load_or_create
from camfilter.web import create_app
from tests.conftest import FakeDetector, dets
from tests.web.test_api import StaticRuntime

TOKEN = "fuzz-t0ken"
SEEN: dict[str, set[int]] = {}  # status codes per operation, filled by the fuzz tests


def _app(folder: Path):
    store, outbox = DecisionStore(folder), Outbox(folder)
    image = np.zeros((60, 80, 3), np.uint8)
    for i in range(3):
        row = store.add(Decision("front", i, "alert", "person", "person confirmed", 0, 3, 0.9, 1e9 + i, True,
                                 (Marked((1, 1, 20, 40), "person", 0.9),), image), "s", 1e9 + i + 1)
        outbox.add(row, "nvr", "new", {"id": row}, None, 1e9 + i + 1)
        outbox.delivered(1, 1e9 + i + 1.2)
    detector = FakeDetector(lambda img: dets((1, 2, 30, 40, 0.9, "person")))
    push = PushSetup(PushStore(folder), load_or_create(folder))
    return create_app(StaticRuntime(), store, web=WebSettings(api_token=TOKEN), detector=detector, outbox=outbox,
                      push=push, testing=True)


# Loaded at import: schemathesis' pytest plugin generates one test per operation from it.
_FOLDER = tempfile.TemporaryDirectory(prefix="camfilter-fuzz-")
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", _app(Path(_FOLDER.name)))


@schema.auth()
class BearerToken:
    """The configured web.api_token; schemathesis also tries requests without it (expecting 401)."""

    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_answers_match_the_spec(case):
    excluded = []
    if case.path == "/v1/vision/detection":
        # Any bytes are a schema-valid `image`, but only pictures are accepted: 400 is right there; and
        # multipart fields are text, so a "non-string" api_key cannot be told from a string.
        excluded += [positive_data_acceptance, negative_data_rejection]
    answer = case.call_and_validate(excluded_checks=excluded)
    SEEN.setdefault(f"{case.method} {case.path}", set()).add(answer.status_code)


def test_fuzzing_got_past_the_login_to_the_handlers():
    """Runs after the fuzz tests above (file order): the token was used, so real answers came back."""
    if not SEEN:
        pytest.skip("run together with the fuzz tests")
    assert 200 in SEEN["GET /api/decisions"] and 400 in SEEN["GET /api/decisions"]
    assert 200 in SEEN["GET /api/decisions/{decision_id}"] and 404 in SEEN["GET /api/decisions/{decision_id}"]
    assert 200 in SEEN["GET /api/status"] and 400 in SEEN["POST /v1/vision/detection"]
