"""One access check for every route except the few public ones; the policy is an injected Authenticator."""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from typing import Protocol

from flask import Flask, jsonify, request
from pydantic import SecretStr

# Endpoints that answer without login. Everything else, including routes added later, is checked.
# The service worker, manifest and static files hold no data and must load before any login.
PUBLIC_ENDPOINTS = frozenset({"api.health", "deepstack.detection", "api.openapi", "static",
                              "pages.service_worker", "pages.manifest"})


@dataclass(frozen=True)
class Caller:
    remote_addr: str | None
    authorization: str | None  # the Authorization header


class Authenticator(Protocol):
    def refuse(self, caller: Caller) -> str | None:
        """None: let the caller in. Otherwise the reason, shown to the caller (never a secret)."""


class TokenOrLoopback:
    """A configured API token (Authorization: Bearer …) when set; without one, loopback clients only."""

    def __init__(self, token: SecretStr | None):
        self._token = token.get_secret_value().encode() if token else None

    def refuse(self, caller: Caller) -> str | None:
        if self._token is None:
            return None if _is_loopback(caller.remote_addr) else (
                "this address needs a login: set web.api_token and send Authorization: Bearer <token>")
        scheme, _, given = (caller.authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self._token):
            return "missing or wrong token: send Authorization: Bearer <web.api_token>"
        return None


def protect(app: Flask, authenticator: Authenticator) -> None:
    """Register the single check: a before_request over the whole app, public endpoints excepted."""

    @app.before_request
    def _check():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None  # None: no such route, Flask answers 404/405 itself
        reason = authenticator.refuse(Caller(request.remote_addr, request.headers.get("Authorization")))
        if reason is None:
            return None
        answer = jsonify(error=reason)
        answer.status_code = 401
        answer.headers["WWW-Authenticate"] = 'Bearer realm="camfilter"'
        return answer


def _is_loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False
