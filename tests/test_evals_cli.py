"""``article-qa eval`` end to end through :func:`assistant.cli.main`, with the test embedder."""

from __future__ import annotations

import json

import pytest

from assistant.cli import build_parser, main
from evals.runner import CITATION_FIELDS, RESULT_FIELDS

QUESTIONS = [
    {"id": "t-3", "question": "Berapa peserta yang diundang?", "evidence": ["1.200 peserta"], "answer": "1.200",
     "type": "how_many"},
    {"id": "t-1", "question": "Siapa yang mendampinginya?", "history": ["Siapa Dirjen Bina Adwil?"],
     "evidence": ["Thomas Umbu Pati"], "answer": "Thomas Umbu Pati", "type": "who"},
    {"id": "t-2", "question": "Who is the editor?", "lang": "en", "evidence": ["Anton Suhartono"], "type": "who"},
    {"id": "t-5", "question": "Apa ibu kota Jepang?", "answerable": False, "type": "what"},
    {"id": "t-4", "question": "Who won the last FIFA World Cup?", "type": "who"},
]
FAST = ("--model", "hash", "--resamples", "1000", "--no-progress")


@pytest.fixture()
def qset(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    return path


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_eval_is_a_subcommand():
    assert "eval" in build_parser()._subparsers._group_actions[0].choices


def test_eval_writes_results_report_and_figures(capsys, tmp_path, qset):
    out, report = tmp_path / "r.jsonl", tmp_path / "rep" / "REPORT.md"
    code, stdout, err = run(capsys, "eval", qset, "--model", "hash", "--resamples", "1000", "--out", out,
                            "--report", report)
    assert code == 0, err
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == [q["id"] for q in QUESTIONS]           # input order
    for r, q in zip(lines, QUESTIONS, strict=True):
        assert list(r)[:len(RESULT_FIELDS)] == list(RESULT_FIELDS)
        assert r["question"] == q["question"]
        assert isinstance(r["abstained"], bool) and isinstance(r["confidence"], float)
        assert r["highlight"] is None or isinstance(r["highlight"], str)
        assert isinstance(r["latency_ms"], float) and r["latency_ms"] >= 0
        assert len(r["citations"]) >= 5
        for c in r["citations"]:
            assert list(c) == list(CITATION_FIELDS)
            assert isinstance(c["sentence_id"], int) and isinstance(c["start"], int) and isinstance(c["end"], int)
            assert isinstance(c["text"], str) and isinstance(c["score"], float)
            assert c["end"] - c["start"] == len(c["text"])
        assert r["config"] == "hybrid:hash" and isinstance(r["correct"], bool)
    assert lines[2]["lang"] == "en" and lines[1]["follow_up"] and lines[3]["answerable"] is False
    names = {p.name for p in report.parent.iterdir()}
    assert names == {"REPORT.md", "REPORT.json", "REPORT-risk-coverage.png", "REPORT-slices.png"}
    doc = json.loads((report.parent / "REPORT.json").read_text(encoding="utf-8"))
    assert doc["n_questions"] == 5 and doc["configs"][0]["model_id"] == "hash-64"
    assert isinstance(doc["configs"][0]["calibration"], str) and 0 <= doc["configs"][0]["threshold"] <= 1
    assert doc["question_sets"][0]["questions"] == 5
    assert "## Questions answered wrongly" in report.read_text(encoding="utf-8")
    assert "hit@1" in stdout and "Traceback" not in err
    assert "hybrid:hash: 100%" in err and "5/5" in err          # the progress bar, on stderr


def test_eval_json_prints_the_metrics_document(capsys, qset):
    code, stdout, _ = run(capsys, "eval", qset, *FAST, "--json", "-q")
    assert code == 0
    doc = json.loads(stdout)
    assert doc["base"] == "hybrid:hash" and doc["comparisons"] == {}
    assert doc["command"] == f"article-qa eval {qset} --model hash --resamples 1000"
    overall = doc["metrics"]["hybrid:hash"]["overall"]
    assert overall["n"] == 5 and overall["n_answerable"] == 3
    assert set(doc["metrics"]["hybrid:hash"]["slices"]) >= {"all", "lang=id", "lang=en", "answerable",
                                                            "unanswerable", "follow_up", "factoid"}


def test_compare_runs_each_configuration_and_loads_each_model_once(capsys, tmp_path, qset, monkeypatch):
    import index

    loads = []
    real = index.load_embedder
    def counting(name, models, **kw):
        loads.append(name)
        return real(name, models, **kw)

    monkeypatch.setattr(index, "load_embedder", counting)
    out = tmp_path / "r.jsonl"
    code, stdout, err = run(capsys, "eval", qset, *FAST, "--out", out, "--report", tmp_path / "REPORT.md",
                            "--compare", "retriever=lexical", "--compare", "model=hash,retriever=dense")
    assert code == 0, err
    assert loads == ["hash"]
    for name in ("r.jsonl", "r.lexical.jsonl", "r.dense-hash.jsonl"):
        ids = [json.loads(x)["id"] for x in (tmp_path / name).read_text(encoding="utf-8").splitlines()]
        assert ids == [q["id"] for q in QUESTIONS]
    header = stdout.splitlines()[1]
    assert "hybrid:hash" in header and "lexical" in header and "dense:hash" in header
    text = (tmp_path / "REPORT.md").read_text(encoding="utf-8")
    assert "| metric | hybrid:hash (base) | lexical | dense:hash |" in text and "(p=" in text


def test_malformed_line_exits_2_naming_file_and_line(capsys, tmp_path, qset):
    with qset.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "t-9", "question": "Kapan?", "history": "not a list"}\n')
    code, stdout, err = run(capsys, "eval", qset, *FAST)
    assert code == 2 and stdout == ""
    assert err.strip().count("\n") == 0 and f"{qset}:6:" in err and "'history'" in err and "Traceback" not in err


def test_duplicate_id_across_files_exits_2(capsys, qset):
    code, _, err = run(capsys, "eval", qset, qset, *FAST)
    assert code == 2 and f"{qset}:1: duplicate id 't-3'" in err


def test_bad_compare_spec_exits_2(capsys, qset):
    code, _, err = run(capsys, "eval", qset, *FAST, "--compare", "retriever=fuzzy")
    assert code == 2 and "retriever must be one of" in err


def test_top_k_below_five_is_a_usage_error(capsys, qset):
    with pytest.raises(SystemExit) as info:
        main(["eval", str(qset), "--top-k", "3"])
    assert info.value.code == 2 and "at least 5" in capsys.readouterr().err
