"""The hostile-input catalogue (tests/hostile_inputs.py) at the Python API and the CLI doors.

Python: ``Assistant.ask`` returns an :class:`Answer` or raises a ``ValueError``/``LookupError``
subclass of ``ArticleQAError``; nothing else. CLI: ``article-qa ask`` (in-process through
``assistant.cli.main``) exits 0 with a JSON answer or 2 with one ``error:`` line on stderr, never
a traceback; a few calls go through real subprocesses (invalid UTF-8 bytes in argv, options where
a question belongs, an argument over 100 KB).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant import Answer, ArticleQAError
from assistant.cli import main
from tests.hostile_inputs import CASES, GOOD, KB100, Case

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def python_outcome(bot, case: Case) -> str:
    question, history, article_id = case.args()
    try:
        answer = bot.ask(question, history, article_id)
    except ArticleQAError as exc:
        assert isinstance(exc, (ValueError, LookupError)), f"{type(exc).__name__} is neither"
        assert str(exc) and "\n" not in str(exc).strip(), "the message is one line"
        return "refuse"
    assert isinstance(answer, Answer)
    answer.to_dict()
    return "answer"


def matches(expected: str, got: str) -> bool:
    return got == expected or (expected == "either" and got in ("answer", "refuse"))


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    from tests.test_ui_app import hash_assistant

    return hash_assistant(tmp_path_factory.mktemp("inputs-python"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_python_api_answers_or_raises_a_specific_error(bot, case):
    got = python_outcome(bot, case)
    assert matches(case.expected("python"), got), f"{case.id}: expected {case.expected('python')}, got {got}"


def test_python_api_still_answers_after_the_barrage(bot):
    answer = bot.ask(GOOD)
    assert not answer.abstained and answer.highlight == "1.200 peserta"


# ---------------------------------------------------------------------- CLI, in-process
@pytest.fixture(scope="module")
def cli_index(tmp_path_factory):
    """One index folder for every CLI call of the module (built by the first)."""
    return tmp_path_factory.mktemp("inputs-cli-index")


def cli_outcome(capsys, argv: list[str]) -> tuple[str, str, str]:
    try:
        code = main(argv)
    except SystemExit as done:                  # argparse's usage errors exit (with our one line)
        code = done.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    if code == 2:
        errors = [line for line in err.splitlines() if "error:" in line and line.startswith("article-qa")]
        assert len(errors) == 1, err[-2000:]
        assert all(line.split(" ", 1)[0] in ("DEBUG", "INFO", "WARNING") for line in err.splitlines()
                   if line not in errors), "everything else on stderr is a log record"
        assert out == ""
        return "refuse", out, err
    assert code == 0, f"exit code {code}: {err[-500:]}"
    data = json.loads(out)
    assert {"question", "abstained", "citations", "text"} <= set(data)
    return "answer", out, err


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cli_exits_0_with_an_answer_or_2_with_one_line(case, capsys, monkeypatch, cli_index):
    monkeypatch.setenv("ARTICLE_QA_INDEX_DIR", str(cli_index))
    got, _, _ = cli_outcome(capsys, case.argv())
    assert matches(case.expected("cli"), got), f"{case.id}: expected {case.expected('cli')}, got {got}"


@pytest.mark.parametrize("argv", [["ask"], ["ask", "-rf", "/"], ["ask", "--top-k", "many", "q"], ["nope"],
                                  ["ask", "q", "--article"], ["ask", "q", "extra", "words"], ["serve", "--port", "x"]])
def test_cli_usage_errors_are_one_line_too(argv, capsys):
    got, _, err = cli_outcome(capsys, argv)
    assert got == "refuse" and err.count("\n") == 1 and "--help" in err


# ---------------------------------------------------------------------- CLI, real processes
def run_cli(args: list, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, timeout=120, env=env)


@pytest.mark.parametrize(("args", "expected"), [
    ([b"ask", b"--model", b"hash", b"--json", b"--", b"Berapa \xff\xfe peserta?"], "refuse"),
    ([b"ask", b"--model", b"hash", b"--json", b"--history=\xc3\x28", b"--", GOOD.encode()], "refuse"),
    ([b"ask", b"--model", b"hash", b"--json", b"--article=\xed\xa0\x80", b"--", GOOD.encode()], "refuse"),
    ([b"ask", b"--model", b"hash", b"--json", b"--", "\u202eBerapa peserta? 🎉 كم".encode()], "answer"),
    ([b"ask", b"--model", b"hash", b"--json", b"--", b"x" * KB100], "refuse"),
    ([b"ask", b"--model", b"hash", b"-rf", b"/"], "refuse"),
])
def test_cli_in_a_real_process_with_raw_bytes_in_argv(args, expected, isolated_dirs):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = run_cli(args, env)
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")   # whatever we print is valid UTF-8
    assert "Traceback" not in err
    if expected == "refuse":
        assert done.returncode == 2 and out == ""
        assert len([line for line in err.splitlines() if "error:" in line]) == 1
    else:
        assert done.returncode == 0, err
        assert json.loads(out)["question"].startswith("\u202eBerapa")

