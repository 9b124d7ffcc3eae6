"""ui/labels.py: both languages have every label; input errors become translated messages."""

from __future__ import annotations

import pytest

from assistant import EmptyQuestionError, InvalidHistoryError, QuestionTooLongError, UnknownArticleError
from ui.labels import LABELS, error_message, t


def test_both_languages_have_the_same_labels():
    assert set(LABELS["id"]) == set(LABELS["en"])
    assert t("fr", "ask") == t("id", "ask") == "Tanya" and t("en", "ask") == "Ask"


@pytest.mark.parametrize(("exc", "id_words", "en_words"), [
    (EmptyQuestionError("x"), "kosong", "empty"),
    (QuestionTooLongError("x"), "2.000", "2,000"),
    (InvalidHistoryError("x"), "Riwayat", "history"),
    (UnknownArticleError("unknown article id '<b>'"), "tidak ditemukan", "not found"),
])
def test_input_errors_are_translated_and_never_echo_the_input(exc, id_words, en_words):
    assert id_words in error_message("id", exc) and en_words in error_message("en", exc)
    assert "<b>" not in error_message("en", exc)
