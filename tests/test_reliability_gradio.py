"""The hostile-input catalogue at the Gradio door: the controller's callbacks called the way the chat
page and the widget wire them, and the ``/ask`` event through ``gradio_client`` over real HTTP.

Every call ends in its normal output or a ``gr.Error`` with a message (translated in the chat,
HTML-escaped because Gradio renders it as HTML); questions are shown escaped; after the barrage
the server still answers and has printed no traceback.
"""

from __future__ import annotations

import html
import re

import gradio as gr
import pytest

from tests.hostile_inputs import CASES, GOOD, MISSING, Case
from tests.test_ui_app import running_app

pytestmark = pytest.mark.filterwarnings("ignore:::gradio.queueing")
GENERIC = "has not enabled verbose error reporting"      # gradio_client's text for a crash


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("rel-gradio"), examples={}) as live:
        yield live


@pytest.fixture(scope="module")
def ctl(server):
    return server.app.state.controller


def call(fn, *args) -> str:
    """``"answer"`` or ``"refuse"`` (a ``gr.Error`` with a one-line message); anything else fails."""
    try:
        fn(*args)
    except gr.Error as exc:
        message = str(exc.message)
        assert message and "\n" not in message and "Traceback" not in message
        assert "<" not in message.replace("&lt;", ""), "the message is escaped: Gradio renders it as HTML"
        return "refuse"
    return "answer"


def page_expectation(case: Case) -> str:
    # the chat sends no history of the visitor's making (it keeps the turns itself)
    return "either" if case.history not in (MISSING, None) else case.expected("gradio")


def widget_expectation(case: Case) -> str:
    # the widget takes its article from the page URL, where only text exists (else: the default)
    return "either" if case.article_id is not MISSING else page_expectation(case)


def agrees(expected: str, got: str) -> bool:
    return got == expected or (expected == "either" and got in ("answer", "refuse"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_callback_answers_or_raises_a_gr_error(ctl, case):
    question, history, article_id = case.args()
    got = call(ctl.api_ask, question, history, article_id)
    assert agrees(case.expected("gradio"), got), f"api_ask {case.id}: {got}"
    got = call(ctl.ask_page, question, article_id, [], "id")
    assert agrees(page_expectation(case), got), f"ask_page {case.id}: {got}"
    state = ctl.widget_load(article_id, "en", None)
    assert len(state) == 6
    got = call(ctl.ask_widget, question, state[0], [], state[1])
    assert agrees(widget_expectation(case), got), f"ask_widget {case.id}: {got}"


@pytest.mark.parametrize("case", [c for c in CASES if c.expected("gradio") == "answer" and isinstance(c.question, str)],
                         ids=lambda c: c.id)
def test_the_question_is_shown_escaped_in_the_chat(ctl, case):
    chat, _, turns, box = ctl.ask_page(case.question, case.args()[2], [], "en")
    content = chat.value[0]["content"]                     # Gradio 6: a list of {"type", "text"} parts
    user = "".join(part["text"] for part in content) if isinstance(content, list) else content
    inner = re.fullmatch(r'<div class="aqa-q">(.*)</div>', user, re.S).group(1)
    assert "<" not in inner.replace("<br>", ""), "only our <br> line breaks are markup"
    assert html.unescape(inner.replace("<br>", "\n")) == turns[0]["question"].replace("\r", "")
    assert box == ""


def test_chat_errors_are_translated(ctl):
    for lang, words in (("id", "kosong"), ("en", "empty")):
        with pytest.raises(gr.Error, match=words):
            ctl.ask_page("   ", None, [], lang)
    with pytest.raises(gr.Error, match="tidak valid"):
        ctl.ask_widget("\ud800", None, [], "id")
    with pytest.raises(gr.Error, match="not found"):
        ctl.ask_page(GOOD, "../../etc/passwd", [], "en")
    with pytest.raises(gr.Error, match="not found"):
        ctl.select_article("../../etc/passwd", "en")


def test_hostile_votes_change_nothing(ctl):
    turns = ctl.ask_page(GOOD, None, [], "id")[2]
    before = len(ctl.feedback.entries())
    for index in ("abc", None, -1, 10**9, [None], [], {"a": 1}, True, 2.5):
        data = gr.LikeData(None, {"index": index, "value": "x", "liked": True})
        assert ctl.vote(turns, "id", data, None) == turns
    assert len(ctl.feedback.entries()) == before


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    c = Client(server.url, verbose=False, analytics_enabled=False, download_files=False)
    yield c
    c.close()


def sendable(case: Case) -> bool:
    """gradio_client sends UTF-8 JSON, which cannot carry a lone surrogate."""
    import json

    try:
        json.dumps(case.args(), ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def test_every_case_through_gradio_client(client, server, capfd):
    from gradio_client.exceptions import AppError

    cases = [c for c in CASES if sendable(c)]
    tally = {"answer": 0, "refuse": 0}
    for start in range(0, len(cases), 16):           # 16 at a time: well within the queue's size
        batch = cases[start:start + 16]
        jobs = [client.submit(*c.args(), api_name="/ask") for c in batch]
        for case, job in zip(batch, jobs, strict=True):
            try:
                result = job.result(timeout=120)
                assert {"abstained", "citations", "content_hash"} <= set(result)
                got = "answer"
            except AppError as exc:
                assert GENERIC not in str(exc), f"{case.id}: the app crashed"
                got = "refuse"
            except Exception as exc:  # noqa: BLE001 - an HTTP-level refusal (413 for 10 MB)
                assert "413" in str(exc) or "larger than" in str(exc), f"{case.id}: {type(exc).__name__}: {exc}"
                got = "refuse"
            assert agrees(case.expected("gradio"), got), f"{case.id}: {got}"
            tally[got] += 1
    assert tally["answer"] > 50 and tally["refuse"] > 100
    assert client.predict(GOOD, [], None, api_name="/ask")["highlight"] == "1.200 peserta"
    assert "Traceback" not in capfd.readouterr().err
