"""The durable feedback log: one row per thumbs up/down, in SQLite (WAL, ``synchronous=FULL``).

:meth:`FeedbackLog.record` returns only after the row is committed and the write-ahead log is
fsync'd, so a recorded vote survives a crash or power cut. Each row keeps what the vote was
about: the question, the answer text, its citations (article offsets), the article id and
content hash (the revision quoted), the time and the session it came from.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

SCHEMA_VERSION = 1
RATINGS = {True: "up", False: "down", None: "cleared"}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    created      TEXT NOT NULL,       -- ISO 8601, UTC
    session_id   TEXT NOT NULL,
    source       TEXT NOT NULL,       -- 'page' or 'widget'
    rating       TEXT NOT NULL,       -- 'up', 'down', or 'cleared' (a vote taken back)
    question     TEXT NOT NULL,
    answer       TEXT NOT NULL,
    abstained    INTEGER NOT NULL,
    confidence   REAL,
    highlight    TEXT,
    citations    TEXT NOT NULL,       -- JSON list of {article_id, sentence_id, start, end, text}
    article_id   TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    ui_lang      TEXT
)
"""


class FeedbackError(OSError):
    """The feedback database cannot be opened or written."""


@dataclass(frozen=True)
class Feedback:
    """One vote. ``rating`` is ``"up"``, ``"down"`` or ``"cleared"`` (the thumb clicked again to take
    the vote back); ``citations`` are the answer's cited sentences as dicts
    (``article_id, sentence_id, start, end, text``)."""

    rating: str
    question: str
    answer: str
    article_id: str
    content_hash: str
    session_id: str
    citations: list[dict] = field(default_factory=list)
    abstained: bool = False
    confidence: float | None = None
    highlight: str | None = None
    source: str = "page"
    ui_lang: str | None = None
    created: str = ""

    @classmethod
    def from_answer(cls, answer: dict, *, liked: bool | None, session_id: str, source: str = "page",
                    ui_lang: str | None = None) -> Feedback:
        """Build a vote from ``Answer.to_dict()`` output (``liked=None``: the vote was taken back)."""
        cites = [{k: c[k] for k in ("article_id", "sentence_id", "start", "end", "text")}
                 for c in answer.get("citations", [])]
        return cls(rating=RATINGS[liked], question=answer["question"], answer=answer["text"],
                   article_id=answer["article_id"], content_hash=answer["content_hash"], session_id=session_id,
                   citations=cites, abstained=bool(answer.get("abstained")), confidence=answer.get("confidence"),
                   highlight=answer.get("highlight"), source=source, ui_lang=ui_lang)


class FeedbackLog:
    """Append-only vote log in one SQLite file, safe to share between threads.

    >>> log = FeedbackLog(tmp / "feedback.sqlite3")
    >>> log.record(Feedback("up", "Q?", "A.", "art", "ab12", "sess"))   # durable on return
    1
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
            mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except (OSError, sqlite3.Error) as exc:
            raise FeedbackError(f"{self.path}: cannot open the feedback database ({exc})") from exc
        if str(mode).lower() != "wal":
            raise FeedbackError(f"{self.path}: the file system does not support SQLite's WAL mode")

    def record(self, vote: Feedback) -> int:
        """Store one vote; returns its row id once it is durable on disk.

        Raises:
            FeedbackError: the database cannot be written (disk full, read-only ...).
        """
        if vote.rating not in RATINGS.values():
            raise ValueError(f"rating must be one of {sorted(RATINGS.values())}, not {vote.rating!r}")
        created = vote.created or datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        row = (created, vote.session_id, vote.source, vote.rating, vote.question, vote.answer, int(vote.abstained),
               vote.confidence, vote.highlight, json.dumps(vote.citations, ensure_ascii=False), vote.article_id,
               vote.content_hash, vote.ui_lang)
        try:
            with self._lock:
                # BEGIN IMMEDIATE ... COMMIT: with WAL and synchronous=FULL, COMMIT fsyncs the log
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    cur = self._db.execute(
                        "INSERT INTO feedback (created, session_id, source, rating, question, answer, abstained, "
                        "confidence, highlight, citations, article_id, content_hash, ui_lang) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            raise FeedbackError(f"{self.path}: cannot record feedback ({exc})") from exc
        return int(cur.lastrowid)

    def entries(self) -> list[Feedback]:
        """Every vote, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT rating, question, answer, article_id, content_hash, session_id, citations, abstained, "
                "confidence, highlight, source, ui_lang, created FROM feedback ORDER BY id").fetchall()
        return [Feedback(rating=r[0], question=r[1], answer=r[2], article_id=r[3], content_hash=r[4],
                         session_id=r[5], citations=json.loads(r[6]), abstained=bool(r[7]), confidence=r[8],
                         highlight=r[9], source=r[10], ui_lang=r[11], created=r[12]) for r in rows]

    def pragma(self, name: str) -> object:
        """A PRAGMA's value on the log's connection (``journal_mode``, ``synchronous`` ...)."""
        if not name.isidentifier():
            raise ValueError(f"not a pragma name: {name!r}")
        with self._lock:
            return self._db.execute(f"PRAGMA {name}").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()
