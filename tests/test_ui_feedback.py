"""ui/feedback.py: votes are durable (WAL, synchronous=FULL), complete, and safe across threads."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest

from ui.feedback import Feedback, FeedbackLog

ANSWER = {
    "question": "Berapa peserta yang diundang?", "text": "Menurut artikel ...\nKegiatan ini ... [1]",
    "abstained": False, "confidence": 0.93, "highlight": "1.200 peserta", "article_id": "art-1",
    "content_hash": "ab" * 32,
    "citations": [{"article_id": "art-1", "sentence_id": 6, "start": 808, "end": 919, "text": "Kegiatan ini ...",
                   "score": 0.8}],
}


def test_a_vote_reads_back_with_every_field(tmp_path):
    log = FeedbackLog(tmp_path / "fb" / "feedback.sqlite3")
    vote = Feedback.from_answer(ANSWER, liked=True, session_id="sess-1", source="widget", ui_lang="en")
    row_id = log.record(vote)
    log.close()
    (back,) = FeedbackLog(tmp_path / "fb" / "feedback.sqlite3").entries()
    assert row_id == 1
    assert back.rating == "up" and back.question == ANSWER["question"] and back.answer == ANSWER["text"]
    assert back.article_id == "art-1" and back.content_hash == "ab" * 32 and back.session_id == "sess-1"
    assert back.citations == [{k: v for k, v in ANSWER["citations"][0].items() if k != "score"}]
    assert back.highlight == "1.200 peserta" and back.confidence == pytest.approx(0.93) and not back.abstained
    assert back.source == "widget" and back.ui_lang == "en"
    assert datetime.fromisoformat(back.created).tzinfo is not None


def test_log_runs_in_wal_mode_with_full_sync(tmp_path):
    log = FeedbackLog(tmp_path / "feedback.sqlite3")
    assert log.pragma("journal_mode") == "wal"
    assert log.pragma("synchronous") == 2          # FULL


def test_a_recorded_vote_survives_the_process_dying_right_after(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    script = textwrap.dedent(f"""
        import os
        from ui.feedback import Feedback, FeedbackLog
        FeedbackLog({str(path)!r}).record(Feedback("down", "Q?", "A.", "art", "hash", "sess"))
        os._exit(9)     # no close, no atexit, no flush: only what record() made durable remains
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    (vote,) = FeedbackLog(path).entries()
    assert (vote.rating, vote.question, vote.session_id) == ("down", "Q?", "sess")


def test_concurrent_votes_are_all_kept(tmp_path):
    log = FeedbackLog(tmp_path / "feedback.sqlite3")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: log.record(Feedback("up", f"Q{i}", "A", "art", "h", f"s{i}")), range(40)))
    assert sorted(v.question for v in log.entries()) == sorted(f"Q{i}" for i in range(40))


def test_a_vote_taken_back_is_recorded_as_cleared(tmp_path):
    log = FeedbackLog(tmp_path / "feedback.sqlite3")
    log.record(Feedback.from_answer(ANSWER, liked=None, session_id="s"))
    assert [v.rating for v in log.entries()] == ["cleared"]


def test_only_up_down_or_cleared(tmp_path):
    with pytest.raises(ValueError):
        FeedbackLog(tmp_path / "f.sqlite3").record(Feedback("meh", "Q", "A", "art", "h", "s"))
