"""VAPID keys for Web Push: made on first run, kept in the data folder (private key readable by us only)."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid

KEY_FILE = "vapid_private.pem"


@dataclass(frozen=True)
class VapidKeys:
    private_pem: Path
    public_key: str  # base64url uncompressed P-256 point: the page's applicationServerKey


def load_or_create(folder: Path) -> VapidKeys:
    path = Path(folder) / KEY_FILE
    if path.exists():
        vapid = Vapid.from_file(str(path))
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        vapid = Vapid()
        vapid.generate_keys()
        pem = vapid.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption())
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
    point = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return VapidKeys(path, base64.urlsafe_b64encode(point).rstrip(b"=").decode())
