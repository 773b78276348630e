"""One access check in front of every route: a bearer token when configured, loopback only without one."""

import io

import pytest
from PIL import Image

from camfilter.config import WebSettings
from camfilter.web import create_app
from camfilter.web.auth import PUBLIC_ENDPOINTS
from tests.conftest import FakeDetector
from tests.web.test_api import StaticRuntime

TOKEN = "s3cret-t0ken"
LAN = {"REMOTE_ADDR": "192.168.1.50"}


def app_with(store, token=None):
    return create_app(StaticRuntime(), store, web=WebSettings(api_token=token), detector=FakeDetector(),
                      testing=True)


def protected_urls(app) -> list[str]:
    """Every GET route of the app except the public ones, with sample path arguments."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        urls.append(rule.rule.replace("<int(min=1, max=9223372036854775807):decision_id>", "1"))
    return urls


def test_every_route_but_the_public_ones_needs_login_from_the_lan(store):
    app = app_with(store)
    client = app.test_client()
    urls = protected_urls(app)
    assert {"/", "/api/status", "/api/decisions", "/api/decisions/1", "/api/decisions/1/snapshot"} <= set(urls)
    for url in urls:
        answer = client.get(url, environ_base=LAN)
        assert answer.status_code == 401, url
        assert "api_token" in answer.json["error"] and answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/health", environ_base=LAN).status_code == 200
    assert client.get("/api/openapi.json", environ_base=LAN).status_code == 200


def test_without_a_token_loopback_is_open(store):
    client = app_with(store).test_client()
    assert client.get("/api/status").status_code == 200
    assert client.get("/api/status", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200


@pytest.mark.parametrize("header, status", [
    (None, 401), ("Bearer wrong", 401), (f"Basic {TOKEN}", 401), (f"Bearer {TOKEN}x", 401),
    (f"Bearer {TOKEN}", 200), (f"bearer {TOKEN}", 200),
])
def test_with_a_token_everyone_needs_it_even_on_loopback(store, header, status):
    client = app_with(store, TOKEN).test_client()
    headers = {"Authorization": header} if header else {}
    for environ in ({}, LAN):
        answer = client.get("/api/decisions", headers=headers, environ_base=environ)
        assert answer.status_code == status
        assert TOKEN not in answer.get_data(as_text=True)


def test_deepstack_stays_public_with_its_own_key(store):
    client = create_app(StaticRuntime(), store, web=WebSettings(api_token=TOKEN, deepstack_api_key="k"),
                        detector=FakeDetector(), testing=True).test_client()
    picture = io.BytesIO()
    Image.new("RGB", (8, 8)).save(picture, format="PNG")
    data = {"image": (io.BytesIO(picture.getvalue()), "x.png"), "api_key": "k"}
    answer = client.post("/v1/vision/detection", data=data, environ_base=LAN)
    assert answer.status_code == 200 and answer.json["success"] is True


def test_secrets_never_appear_in_api_output(store):
    web = WebSettings(api_token=TOKEN, deepstack_api_key="dk-secret")
    client = create_app(StaticRuntime(), store, web=web, testing=True).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for url in ("/api/status", "/api/decisions", "/api/openapi.json", "/", "/api/health"):
        text = client.get(url, headers=auth).get_data(as_text=True)
        assert TOKEN not in text and "dk-secret" not in text, url
