import pytest

from camfilter.sources.credentials import redact, redact_url, secrets_of, with_credentials


@pytest.mark.parametrize("user, password, expected", [
    ("admin", "p@ss#w%rd:1", "rtsp://admin:p%40ss%23w%25rd%3A1@10.0.0.2:554/s1?ch=1"),
    ("ad:min", None, "rtsp://ad%3Amin@10.0.0.2:554/s1?ch=1"),
    (None, None, "rtsp://10.0.0.2:554/s1?ch=1"),
])
def test_credentials_are_percent_encoded(user, password, expected):
    assert with_credentials("rtsp://10.0.0.2:554/s1?ch=1", user, password) == expected


def test_existing_userinfo_is_replaced():
    assert with_credentials("rtsp://old:pw@host/x", "new", "pw2") == "rtsp://new:pw2@host/x"


@pytest.mark.parametrize("text", [
    "rtsp://admin:p%40ss%23w%25rd%3A1@10.0.0.2:554/s1",
    "error opening 'rtsp://admin:secret@cam/x': refused",
    "http://u:p@h/ and rtsp://u2:p2@h2/",
])
def test_redaction_removes_userinfo(text):
    out = redact_url(text)
    assert "admin" not in out and "secret" not in out and "p2" not in out and "***@" in out


def test_redact_removes_known_secret_in_any_form():
    url = with_credentials("rtsp://cam/x", "admin", "p@ss#w%rd")
    message = f"failed: {url} (password p@ss#w%rd)"
    out = redact(message, secrets_of(url))
    assert "p@ss" not in out and "p%40ss" not in out
