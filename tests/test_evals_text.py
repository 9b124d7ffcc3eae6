"""evals.text: evidence matching and Indonesian answer normalization (EM, token F1, contains)."""

from __future__ import annotations

import pytest

from evals.text import contains_evidence, contains_gold, exact_match, normalize_answer, normalize_evidence, token_f1


def test_evidence_match_ignores_case_and_whitespace():
    sentence = "Dirjen Bina Adwil yang didampingi Direktur Kawasan,\n Dr Drs Thomas  Umbu Pati T.B"
    assert normalize_evidence("  Thomas\tUMBU  Pati ") == "thomas umbu pati"
    assert contains_evidence(sentence, ["nope", "thomas umbu pati"])
    assert not contains_evidence(sentence, ["Safrizal"])


def test_empty_evidence_matches_nothing():
    assert not contains_evidence("any sentence", [])
    assert not contains_evidence("any sentence", ["", "   "])


@pytest.mark.parametrize(("a", "b"), [("1.200", "1200"), ("1.200 peserta", "1200 Peserta!"),
                                      ("Rp 1.200.000", "rp 1200000"), ("ASEAN-Jepang", "asean jepang"),
                                      ("  18 hingga\n19 Oktober. ", "18 hingga 19 oktober")])
def test_answer_normalization_unifies(a, b):
    assert normalize_answer(a) == normalize_answer(b)


def test_thousands_rule_leaves_times_and_decimals_apart():
    assert normalize_answer("10.30") != normalize_answer("1030")
    assert normalize_answer("1.5") != normalize_answer("15")


def test_exact_match_with_thousands_dots():
    assert exact_match("1.200", "1200") == 1.0
    assert exact_match("1.200 peserta", "1200") == 0.0
    assert exact_match(None, "1200") == 0.0


def test_english_articles_are_not_stripped():
    assert exact_match("the meeting", "meeting") == 0.0


def test_token_f1_hand_computed():
    assert token_f1("1.200 peserta", "1200") == pytest.approx(2 * 0.5 * 1.0 / 1.5)
    # 5 predicted tokens, 3 gold tokens, 3 shared: P = 0.6, R = 1
    assert token_f1("Dr Drs Thomas Umbu Pati", "Thomas Umbu Pati") == pytest.approx(0.75)
    assert token_f1("Jepang", "ASEAN") == 0.0
    assert token_f1(None, "ASEAN") == 0.0


def test_contains_gold_is_a_normalized_substring():
    assert contains_gold("mengundang 1.200 peserta", "1200 peserta") == 1.0
    assert contains_gold("1.200", "1.200 peserta") == 0.0
    assert contains_gold(None, "x") == 0.0
