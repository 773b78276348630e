"""Put credentials into stream URLs, and keep them out of everything shown to people."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^/@\s]*(?::[^/\s]*)?)@")


def with_credentials(url: str, username: str | None, password: str | None) -> str:
    """Insert percent-encoded user and password so `@ # % :` in them survive URL parsing."""
    if not username and not password:
        return url
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    userinfo = quote(username or "", safe="")
    if password:
        userinfo += ":" + quote(password, safe="")
    return urlunsplit((parts.scheme, f"{userinfo}@{host}", parts.path, parts.query, parts.fragment))


def redact_url(url: str) -> str:
    """rtsp://user:pass@host/x -> rtsp://***@host/x"""
    return _USERINFO.sub(lambda m: f"{m.group('scheme')}***@", url)


def secrets_of(url: str) -> tuple[str, ...]:
    """The decoded and encoded password of a URL, for redaction."""
    try:
        password = urlsplit(url).password
    except ValueError:
        return ()
    return (password, unquote(password)) if password else ()


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Remove URL userinfo and any known secret (raw or percent-encoded) from a message."""
    out = redact_url(text)
    for secret in secrets:
        if secret:
            for form in {secret, quote(secret, safe="")}:
                out = out.replace(form, "***")
    return out
