"""Nothing lost: the feedback log under concurrent writers (threads and processes) and writers
killed with SIGKILL mid-stream, and votes through the real server killed with SIGKILL.

A writer prints ``ack <row id> <token>`` after each ``record()`` returns; after the kill every
acknowledged token must be in the database, which must pass ``PRAGMA integrity_check`` and take
new votes. (tests/test_ui_feedback.py has the single-vote durability case.)
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.test_ui_app import ANSWERED, fn_index, gradio_event, start_serving, wait_until_serving
from ui.feedback import Feedback, FeedbackLog

REPO = Path(__file__).resolve().parents[1]
WRITER = textwrap.dedent("""
    import sys, threading
    sys.path.insert(0, {repo!r})
    from ui.feedback import Feedback, FeedbackLog
    path, name, threads, per_thread = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    log = FeedbackLog(path)
    out = threading.Lock()

    def write(t):
        i = 0
        while per_thread < 0 or i < per_thread:
            token = f"{{name}}-{{t}}-{{i}}"
            row = log.record(Feedback("up" if i % 2 else "down", token, "answer " + token, "art", "hash",
                                      session_id=name, citations=[{{"sentence_id": i}}]))
            with out:
                print("ack", row, token, flush=True)
            i += 1

    workers = [threading.Thread(target=write, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print("done", flush=True)
""")


def start_writer(db: Path, name: str, threads: int, per_thread: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER.format(repo=str(REPO)), str(db), name, str(threads),
                             str(per_thread)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_acks(proc: subprocess.Popen, acks: set[str], rows: set[int]) -> threading.Thread:
    def pump() -> None:
        for line in proc.stdout:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "ack":      # a line cut short by SIGKILL is no ack
                rows.add(int(parts[1]))
                acks.add(parts[2])

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return thread


def check_log(db: Path, acked: set[str]) -> set[str]:
    """Every acknowledged vote is in the log, the log is sound and takes a new vote; returns what is there."""
    log = FeedbackLog(db)
    try:
        assert log.pragma("integrity_check") == "ok"
        found = [v.question for v in log.entries()]
        assert len(found) == len(set(found)), "no vote recorded twice"
        missing = acked - set(found)
        assert not missing, f"{len(missing)} acknowledged vote(s) lost, e.g. {sorted(missing)[:3]}"
        log.record(Feedback("up", "after the storm", "A", "art", "h", "check"))
        return set(found)
    finally:
        log.close()


def test_threads_and_processes_writing_at_once_lose_nothing(tmp_path):
    db = tmp_path / "feedback.sqlite3"
    FeedbackLog(db).close()
    procs = [start_writer(db, f"p{i}", threads=4, per_thread=50) for i in range(4)]
    acked: set[str] = set()
    rows: set[int] = set()
    pumps = [read_acks(p, acked, rows) for p in procs]
    log = FeedbackLog(db)                               # and 8 threads in this process meanwhile
    with ThreadPoolExecutor(8) as pool:
        mine = list(pool.map(lambda i: (log.record(Feedback("up", f"t-{i}", "A", "art", "h", "threads")), f"t-{i}"),
                             range(200)))
    log.close()
    for proc, pump in zip(procs, pumps, strict=True):
        assert proc.wait(120) == 0, proc.stderr.read()
        pump.join(10)
    acked |= {token for _, token in mine}
    rows |= {row for row, _ in mine}
    assert len(acked) == 4 * 4 * 50 + 200 and len(rows) == len(acked), "every row id handed out once"
    found = check_log(db, acked)
    assert found >= acked
    print(f"concurrent writers: {len(acked)} acknowledged, {len(found & acked)} found")


@pytest.mark.parametrize("round_", range(3))
def test_writers_killed_mid_stream_lose_no_acknowledged_vote(tmp_path, round_):
    db = tmp_path / "feedback.sqlite3"
    FeedbackLog(db).close()
    procs = [start_writer(db, f"k{round_}-{i}", threads=3, per_thread=-1) for i in range(3)]   # write forever
    acked: set[str] = set()
    rows: set[int] = set()
    pumps = [read_acks(p, acked, rows) for p in procs]
    deadline = time.monotonic() + 30
    while len(acked) < 150 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(random.Random(round_).uniform(0.0, 0.3))        # kill at some arbitrary moment
    for proc in procs:
        proc.send_signal(signal.SIGKILL)
    for proc, pump in zip(procs, pumps, strict=True):
        proc.wait(30)
        pump.join(10)
        assert proc.returncode == -signal.SIGKILL
    assert len(acked) >= 150
    found = check_log(db, acked)
    assert len(found) - len(acked) <= 9, "at most one unacknowledged vote per killed thread"
    print(f"SIGKILL round {round_}: {len(acked)} acknowledged, {len(found & acked)} found, "
          f"{len(found) - len(acked)} written but not yet acknowledged")


# ---------------------------------------------------------------------- votes through the real server


def event(http: httpx.Client, fn: int, data: list, session: str, event_data: dict | None = None) -> dict:
    return gradio_event(http, "", {"fn_index": fn, "data": data, "session_hash": session, "event_data": event_data})


def test_votes_acknowledged_by_the_server_survive_its_sigkill(isolated_dirs):
    proc, base = start_serving("--no-examples", "--rate-limit", "0", "-q", stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    db = isolated_dirs.data / "feedback.sqlite3"
    acked: list[str] = []
    try:
        wait_until_serving(base, proc)
        with httpx.Client(base_url=base, timeout=60) as http:
            chat, vote = fn_index(http, "", "chat"), fn_index(http, "", "feedback")
            killed = threading.Event()
            errors: list[str] = []

            def voter(n: int) -> None:
                session = f"voter{n}"
                try:
                    done = event(http, chat, [f"{ANSWERED} ({n})", None, None, "id"], session)
                    assert done.get("success"), done
                    i = 0
                    while not killed.is_set():
                        liked = [True, False, ""][i % 3]           # "": the vote taken back
                        done = event(http, vote, [None, "id"], session, {"index": [1, None], "value": "x",
                                                                        "liked": liked})
                        if done.get("success"):
                            acked.append(session)
                        i += 1
                except Exception as exc:  # noqa: BLE001 - after the kill, broken connections are expected
                    if not killed.is_set():
                        errors.append(repr(exc))

            threads = [threading.Thread(target=voter, args=(n,), daemon=True) for n in range(4)]
            for th in threads:
                th.start()
            deadline = time.monotonic() + 60
            while len(acked) < 60 and time.monotonic() < deadline and not errors:
                time.sleep(0.05)
            killed.set()
            proc.send_signal(signal.SIGKILL)                    # mid-stream: votes are in flight
            for th in threads:
                th.join(30)
            assert not errors, errors
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)
    assert len(acked) >= 60
    log = FeedbackLog(db)
    try:
        assert log.pragma("integrity_check") == "ok"
        found = [v for v in log.entries()]
        assert all(v.question.startswith(ANSWERED) and v.rating in ("up", "down", "cleared") for v in found)
        for session in {f"voter{n}" for n in range(4)}:
            # the session id recorded is the Gradio session the vote came from; each vote is one row
            rows, acks = sum(v.session_id == session for v in found), acked.count(session)
            assert acks <= rows <= acks + 1, (session, acks, rows)     # at most the one in flight when killed
        print(f"server SIGKILL: {len(acked)} votes acknowledged, {len(found)} found")
    finally:
        log.close()
