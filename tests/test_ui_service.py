"""ui/service.py: the bounded, logged way to ask; JSON-safe answers."""

from __future__ import annotations

import logging
import threading
import time
from types import SimpleNamespace

import pytest

from ui.service import BusyError, QAService


class SlowBot:
    """Answers only when released; counts how many questions run at once."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.running = 0
        self.peak = 0
        self.lock = threading.Lock()

    def ask(self, question, history=None, article_id=None):
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
        self.release.wait(10)
        with self.lock:
            self.running -= 1
        return SimpleNamespace(question=question, article_id="a", abstained=False, citations=[1], confidence=0.9)


def test_at_most_concurrency_answer_at_once_and_a_full_queue_is_refused():
    bot = SlowBot()
    service = QAService(bot, concurrency=2, queue_size=2)
    threads = [threading.Thread(target=service.ask, args=(f"q{i}",)) for i in range(4)]
    for th in threads:
        th.start()
    deadline = time.monotonic() + 5
    while service._waiting < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(BusyError):
        service.ask("one too many")
    bot.release.set()
    for th in threads:
        th.join(10)
    assert bot.peak == 2 and service._waiting == 0


def test_log_names_the_question_but_not_the_history(caplog):
    bot = SlowBot()
    bot.release.set()
    with caplog.at_level(logging.INFO, logger="article_qa.ui"):
        QAService(bot).ask("Berapa peserta?", history=["SECRET-EARLIER-TURN"])
    assert "Berapa peserta?" in caplog.text and "SECRET" not in caplog.text

