"""ui/settings.py: allowed origins are normalised the way browsers send them, or refused."""

from __future__ import annotations

import pytest

from ui.settings import InvalidOriginError, ServeSettings, normalize_origin, parse_origins


@pytest.mark.parametrize(("given", "expected"), [
    ("https://news.example.com", "https://news.example.com"),
    ("HTTPS://News.Example.COM:443/", "https://news.example.com"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("http://localhost:80", "http://localhost"),
    (" https://a.b:8443 ", "https://a.b:8443"),
    ("http://[::1]:9000", "http://[::1]:9000"),
])
def test_origins_are_normalised_like_the_origin_header(given, expected):
    assert normalize_origin(given) == expected


@pytest.mark.parametrize("bad", ["*", "null", "https://*.example.com", "news.example.com", "ftp://x.org",
                                 "https://x.org/path", "https://x.org?q=1", "https://user@x.org", "https://",
                                 "http://x.org:99999", "javascript:alert(1)"])
def test_wildcards_paths_and_garbage_are_refused_with_a_hint(bad):
    with pytest.raises(InvalidOriginError, match="allowed origin"):
        normalize_origin(bad)


def test_comma_separated_and_duplicate_origins():
    assert parse_origins(["https://a.org, https://b.org", "https://A.org:443"]) == ("https://a.org", "https://b.org")


def test_settings_normalise_origins_and_root_path():
    s = ServeSettings(allowed_origins=("HTTPS://A.org/",), root_path="qa/")
    assert s.allowed_origins == ("https://a.org",) and s.root_path == "/qa"
    assert ServeSettings(root_path="/").root_path == ""
    with pytest.raises(ValueError):
        ServeSettings(default_lang="fr")
