"""The command line: output shapes, exit codes and one-line errors (test embedder, in-process),
plus the installed console script itself."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from assistant.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json_has_the_answer_fields(capsys):
    code, out, _ = run(capsys, "ask", "Berapa peserta yang diundang?", "--model", "hash", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"abstained", "citations", "highlight", "text", "confidence", "candidates"} <= set(data)


def test_ask_prints_numbered_citations_with_title_and_sentence(capsys):
    code, out, _ = run(capsys, "ask", "Berapa peserta yang diundang?", "--retriever", "lexical")
    assert code == 0
    if "[1]" in out:
        assert "Indonesia Ikuti Pertemuan" in out and "kalimat 7" in out


def test_second_ask_loads_the_saved_index(capsys):
    run(capsys, "ask", "Siapa editornya?", "--model", "hash")
    code, _, err = run(capsys, "ask", "Siapa editornya?", "--model", "hash")
    assert code == 0 and "loaded the saved index" in err and "nothing re-embedded" in err


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_exits_2_with_one_line(capsys, question):
    code, out, err = run(capsys, "ask", question)
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "empty" in err


def test_too_long_question_exits_2(capsys):
    code, _, err = run(capsys, "ask", "x" * 2001)
    assert code == 2 and "limit is 2,000" in err


def test_bad_corpus_folder_exits_2_naming_it(capsys, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe not utf8")
    code, _, err = run(capsys, "ask", "Berapa?", "--corpus", str(tmp_path), "--model", "hash")
    assert code == 2 and "bad.txt" in err and "Traceback" not in err
    code, _, err = run(capsys, "ask", "Berapa?", "--corpus", str(tmp_path / "empty"), "--model", "hash")
    assert code == 2 and "does not exist" in err


def test_unknown_article_exits_2(capsys):
    code, _, err = run(capsys, "ask", "Berapa?", "--article", "nope", "--model", "hash")
    assert code == 2 and "unknown article id" in err


def test_corrupt_index_is_rebuilt_with_a_warning(capsys, isolated_dirs):
    run(capsys, "index", "--model", "hash")
    for faiss_file in isolated_dirs.index.rglob("dense.faiss"):
        faiss_file.write_bytes(b"\x00" * 10)
    code, _, err = run(capsys, "ask", "Siapa editornya?", "--model", "hash")
    assert code == 0 and "unusable, rebuilding" in err and "Traceback" not in err


def test_add_then_articles_lists_it(capsys, tmp_path):
    source = tmp_path / "lain.md"
    source.write_text("---\nid: lain\ntitle: Berita Lain\ndate: 2024-01-01\n---\nIsi berita lain.", encoding="utf-8")
    code, out, _ = run(capsys, "add", str(source), "--json")
    assert code == 0 and json.loads(out)["id"] == "lain"
    code, out, _ = run(capsys, "articles", "--json")
    assert {a["id"] for a in json.loads(out)} == {"inews-2021-10-22-asean-japan-smart-city", "lain"}
    code, out, _ = run(capsys, "ask", "Apa isi berita lain?", "--article", "lain", "--model", "hash", "--json")
    assert code == 0 and json.loads(out)["article_id"] == "lain"


def test_index_command_reports_what_it_built(capsys):
    code, out, _ = run(capsys, "index", "--model", "hash", "--json")
    data = json.loads(out)
    assert code == 0 and data["sentences"] == 18 and data["model"] == "hash-64"


def test_console_script_is_installed_and_help_is_fast():
    exe = shutil.which("article-qa") or str(__import__("pathlib").Path(sys.executable).with_name("article-qa"))
    result = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "ask" in result.stdout
    result = subprocess.run([sys.executable, "-m", "assistant", "ask", ""], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
