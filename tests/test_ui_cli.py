"""ui/cli.py: ``article-qa serve`` options, early errors, and the real command on a loopback port."""

from __future__ import annotations

import subprocess
import time

import httpx
import pytest

from assistant.cli import build_parser, main
from corpus import DEFAULT_ARTICLE_ID
from tests.test_ui_app import ANSWERED, start_serving, stop_serving, wait_until_serving
from ui.cli import settings_from_args


def test_serve_is_a_subcommand_with_the_documented_options(capsys):
    with pytest.raises(SystemExit) as done:
        main(["serve", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    for option in ("--host", "--port", "--root-path", "--allowed-origin", "--model", "--retriever", "--corpus",
                   "--index-dir"):
        assert option in out


def test_settings_come_from_options_and_the_environment(isolated_dirs):
    args = build_parser().parse_args(["serve", "--port", "9001", "--root-path", "/qa/", "--allowed-origin",
                                      "https://a.example", "--allowed-origin", "https://b.example:8443"])
    settings = settings_from_args(args, {"ARTICLE_QA_ALLOWED_ORIGINS": "https://c.example, https://a.example",
                                         "ARTICLE_QA_DATA_DIR": str(isolated_dirs.data)})
    assert settings.port == 9001 and settings.root_path == "/qa" and settings.host == "127.0.0.1"
    assert settings.allowed_origins == ("https://a.example", "https://b.example:8443", "https://c.example")
    assert settings.feedback_db == isolated_dirs.data / "feedback.sqlite3"
    assert (settings.concurrency, settings.queue_size) == (2, 64)


def test_a_bad_origin_fails_fast_with_one_line(capsys):
    started = time.perf_counter()
    code = main(["serve", "--allowed-origin", "*", "--model", "hash"])
    err = capsys.readouterr().err
    assert code == 2 and "wildcards are not accepted" in err and err.strip().count("\n") == 0
    assert time.perf_counter() - started < 5            # refused before any model or Gradio loads


def test_article_qa_serve_answers_on_loopback_and_stops_cleanly(isolated_dirs):
    proc, base = start_serving("--allowed-origin", "http://127.0.0.1:9", stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    port = int(base.rsplit(":", 1)[1])
    try:
        wait_until_serving(base, proc)
        page = httpx.get(base + "/", timeout=10)
        assert page.status_code == 200 and "Tanya Artikel" in page.text and DEFAULT_ARTICLE_ID in page.text
        answer = httpx.post(base + "/api/ask", json={"question": ANSWERED, "history": ["PRIVATE-TURN"]}, timeout=30)
        assert answer.status_code == 200 and answer.json()["article_id"] == DEFAULT_ARTICLE_ID
        assert httpx.get(base + "/widget/", timeout=10).headers["content-security-policy"] == \
            "frame-ancestors 'self' http://127.0.0.1:9"
    finally:
        out = stop_serving(proc)
    assert proc.returncode == 0, out
    assert f"serving 1 article(s) on http://127.0.0.1:{port}/" in out
    assert ANSWERED in out and "PRIVATE-TURN" not in out            # the question is logged, nothing else
    assert (isolated_dirs.data / "feedback.sqlite3").exists()
