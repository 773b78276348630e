"""A Web Push service on 127.0.0.1, as Mozilla's or Google's would receive a push: it checks the VAPID
JWT (ES256, audience) and decrypts the aes128gcm body with the subscription's private key (http_ece)."""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from tests.polling import wait_until


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class BrowserKeys:
    """What a browser makes when it subscribes: a P-256 key pair and a 16-byte auth secret."""

    def __init__(self):
        self.private = ec.generate_private_key(ec.SECP256R1())
        self.auth = b64url(bytes(range(16)))
        point = self.private.public_key().public_bytes(serialization.Encoding.X962,
                                                       serialization.PublicFormat.UncompressedPoint)
        self.p256dh = b64url(point)

    def decrypt(self, body: bytes) -> bytes:
        return http_ece.decrypt(body, private_key=self.private, auth_secret=unb64url(self.auth), version="aes128gcm")


@dataclass(frozen=True)
class Push:
    path: str
    headers: dict  # lower-case names
    body: bytes
    claims: dict  # the verified VAPID JWT claims
    vapid_key: str  # k= of the Authorization header


def verify_vapid(authorization: str) -> tuple[dict, str]:
    """'vapid t=<jwt>, k=<public key>' -> (claims, k); raises when the signature does not verify."""
    parts = dict(p.strip().split("=", 1) for p in authorization.removeprefix("vapid ").split(","))
    token, key = parts["t"], parts["k"]
    header, payload, signature = token.split(".")
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    public.verify(der, f"{header}.{payload}".encode(), ec.ECDSA(hashes.SHA256()))
    return json.loads(unb64url(payload)), key


class PushService:
    def __init__(self, status: int = 201):
        self.pushes: list[Push] = []
        self.rejected: list[str] = []
        self.status = status
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    claims, key = verify_vapid(self.headers.get("Authorization", ""))
                except Exception as err:  # a bad signature is the sender's bug: record and refuse
                    service.rejected.append(repr(err))
                    self.send_response(401)
                    self.end_headers()
                    return
                headers = {k.lower(): v for k, v in self.headers.items()}
                service.pushes.append(Push(self.path, headers, body, claims, key))
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def subscription(self, name: str, keys: BrowserKeys) -> dict:
        return {"endpoint": f"{self.origin}/push/{name}", "keys": {"p256dh": keys.p256dh, "auth": keys.auth}}

    def wait(self, count: int, timeout: float) -> bool:
        return wait_until(lambda: len(self.pushes) >= count, timeout)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
