"""Ranking signals and the fitted ranker, on arrays (no model)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.confidence import choose_threshold, fit_logistic
from assistant.rerank import FEATURES, CharSimilarity, Ranker, content_token_mask, fit_ranker, maxsim


def unit(x):
    x = np.asarray(x, dtype=np.float32)
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_maxsim_is_the_mean_best_match_of_query_tokens():
    q = unit([[1, 0, 0], [0, 1, 0]])
    s1 = unit([[1, 0, 0], [0, 1, 0], [0, 0, 1]])   # both query tokens present
    s2 = unit([[1, 0, 0], [0, 0, 1]])              # one present, one orthogonal
    assert np.allclose(maxsim(q, [s1, s2, np.zeros((0, 3))]), [1.0, 0.5, 0.0])
    assert np.allclose(maxsim(np.zeros((0, 3)), [s1]), [0.0])


def test_content_token_mask_drops_question_and_stop_words():
    text = "Siapa yang mendampingi Dirjen?"
    spans = np.array([[0, 5], [6, 9], [10, 22], [23, 29], [29, 30]])
    assert content_token_mask(text, spans).tolist() == [False, False, True, True, False]


def test_char_similarity_survives_typos_and_variant_abbreviations():
    sim = CharSimilarity(["Kementerian Dalam Negeri (Kemdagri)", "Jepang melaporkan kemajuan"])
    scores = sim.scores("Kemendagri")
    assert scores[0] > scores[1] and scores[0] > 0
    assert np.argmax(sim.scores("jepan melapor")) == 1


def test_fit_ranker_learns_which_feature_marks_the_answer():
    rng = np.random.default_rng(0)
    tables, relevant = [], []
    for _ in range(60):
        table = rng.normal(size=(10, len(FEATURES))).astype(np.float32)
        gold = rng.integers(10)
        table[gold, FEATURES.index("bm25")] += 3.0           # the answer has the best BM25
        labels = np.zeros(10)
        labels[gold] = 1
        tables.append(table)
        relevant.append(labels)
    ranker = fit_ranker(tables, relevant, l2=1.0)
    weights = dict(zip(ranker.features, ranker.weights, strict=True))
    assert weights["bm25"] == max(weights.values())
    hits = sum(int(np.argmax(ranker.score(t)) == np.argmax(r)) for t, r in zip(tables, relevant, strict=True))
    assert hits / len(tables) > 0.9
    assert Ranker.from_dict(ranker.to_dict()) == ranker


def test_logistic_fit_separates_separable_data():
    x = np.array([[0.0], [0.1], [0.2], [0.8], [0.9], [1.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    w, b = fit_logistic(x, y, l2=0.01)
    p = 1 / (1 + np.exp(-(x @ w + b)))
    assert (p[:3] < 0.5).all() and (p[3:] > 0.5).all()


def test_threshold_respects_the_false_abstain_budget():
    confidence = np.array([0.9, 0.8, 0.2, 0.7, 0.1])
    answerable = np.array([1, 1, 1, 0, 0])
    threshold = choose_threshold(confidence, answerable, max_false_abstain=0.34)
    assert 0.2 < threshold <= 0.8              # abstains on the 0.2 answerable only
    assert np.mean(confidence[answerable == 1] < threshold) <= 0.34
    assert choose_threshold(confidence, answerable, 0.0) <= 0.2


@pytest.mark.parametrize(("qtype", "question", "sentence", "found"), [
    ("how_many", "Berapa anggaran proyek kota pintar?", "Jepang mengangkat tiga poin penting.", 0.0),   # no amount
    ("how_many", "Berapa peserta yang diundang?", "Kegiatan ini mengundang 1.200 peserta.", 1.0),
    ("when", "Kapan acaranya?", "Pada hari pertama, seluruh peserta mengikuti upacara pembukaan.", 1.0),
    ("when", "Kapan acaranya?", "Seluruh daerah menghadapi tantangan yang sama.", 0.0),
    ("why", "Mengapa pertemuan ini penting?", "Seluruh daerah menghadapi tantangan yang sama.", 0.0),  # no reason
    ("why", "Mengapa pertemuan ini penting?", "Seluruh daerah menghadapi tantangan guna mewujudkan kota pintar.", 1.0),
    ("how", "Bagaimana pertemuan ini?", "Seluruh daerah menghadapi tantangan yang sama.", 1.0),  # untyped
])
def test_type_found_marks_a_factoid_question_whose_sentence_lacks_the_asked_kind(qtype, question, sentence, found):
    from assistant.confidence import features
    from assistant.highlight import type_match
    from assistant.retrieval import Ranked
    from index.search import Hit

    ranked = Ranked([Hit(0, 1.0, 0.5, 0.0, 0.0)])
    x = features(ranked, question, sentence, type_match(sentence, qtype, question), "id")
    assert x["type_found"] == found


def test_out_of_fold_confidence_scores_each_row_with_a_model_that_did_not_see_it():
    from evals.tune import out_of_fold_confidence

    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 2))
    y = (x[:, 0] > 0).astype(float)
    x[0], y[0] = [3.0, 0.0], 0.0                      # one mislabelled point: seen in training it is half excused
    oof = out_of_fold_confidence(x, y, l2=0.1)
    w, b = fit_logistic(x, y, l2=0.1)
    in_sample = 1.0 / (1.0 + np.exp(-(x @ w + b)))
    assert oof.shape == (60,) and np.all((oof > 0) & (oof < 1))
    assert oof[0] > in_sample[0]                      # the held-out model is surer it is answerable
    assert np.mean((oof > 0.5) == (y == 1)) > 0.85     # and still right on most rows


@pytest.mark.parametrize(("list_items", "found"), [(5, 1.0), (2, 1.0), (1, 0.0), (0, 0.0)])
def test_list_found_needs_an_enumerated_list_of_at_least_two_sentences(list_items, found):
    from assistant.confidence import features
    from assistant.retrieval import Ranked
    from index.search import Hit

    x = features(Ranked([Hit(0, 1.0, 0.5, 0.0, 0.0)]), "Apa saja rekomendasinya?", "1. ASEAN ...", 0.5, "id",
                 list_items=list_items)
    assert x["list_found"] == found


def test_mix_own_words_keeps_the_scale_and_moves_the_order():
    from assistant.rerank import mix_own_words

    scores = np.array([3.0, 2.0, 1.0, 0.0], dtype=np.float32)
    own = np.array([0.0, 0.1, 0.2, 5.0], dtype=np.float32)
    assert mix_own_words(scores, own, 0.0) is scores
    mixed = mix_own_words(scores, own, 0.5)
    assert mixed.mean() == pytest.approx(scores.mean()) and mixed.std() == pytest.approx(scores.std())
    assert int(np.argmax(mix_own_words(scores, own, 1.0))) == 3
    assert np.argsort(-mix_own_words(scores, own, 0.2)).tolist()[:1] == [0]
    flat = np.ones(3, dtype=np.float32)
    assert mix_own_words(flat, own[:3], 0.5) is flat          # nothing to standardize: unchanged


def test_ranker_own_weight_round_trips_and_defaults_to_zero():
    r = Ranker(("dense",), (1.0,), (0.0,), (1.0,), "t", own_weight=0.4)
    assert Ranker.from_dict(r.to_dict()) == r
    old = {k: v for k, v in r.to_dict().items() if k != "own_weight"}    # a ranker saved before the field
    assert Ranker.from_dict(old).own_weight == 0.0


def _reference_char_scores(texts, query):
    """The TF-IDF cosine over character 3-5-grams written out plainly, sentence by sentence."""
    import math
    from collections import Counter

    from assistant.rerank import _char_grams

    grams = [_char_grams(t) for t in texts]
    df = Counter(g for c in grams for g in c)
    idf = {g: math.log((1 + len(texts)) / (1 + c)) + 1.0 for g, c in df.items()}

    def vector(counts):
        v = {g: (1 + math.log(c)) * idf[g] for g, c in counts.items() if g in idf}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {g: x / norm for g, x in v.items()}

    q = vector(_char_grams(query))
    return [sum(w * vector(c).get(g, 0.0) for g, w in q.items()) for c in grams]


@pytest.mark.parametrize("query", ["Kemendagri ikut pertemuan?", "kota-kota pintar 1.200", "zzz qqq", ""])
def test_char_similarity_equals_the_plain_computation(article, query):
    from corpus import split_sentences

    texts = [s.text for s in split_sentences(article.text, article.id)]
    got = CharSimilarity(texts).scores(query)
    assert got.shape == (len(texts),)
    assert np.allclose(got, _reference_char_scores(texts, query), atol=1e-6)


def test_whole_article_matches_equal_sentence_by_sentence(hash_bot):
    from assistant.rerank import match_matrix

    ranking = hash_bot.ranking
    article_id = hash_bot.index.sentences[0].article_id
    n = len(ranking._token_vectors(article_id))
    rng = np.random.default_rng(0)
    q_early, q_last = (rng.standard_normal((5, ranking._token_vectors(article_id)[0][i].shape[1])).astype(np.float32)
                       for i in (0, 1))
    last, early, whole = ranking._matches(article_id, list(range(n)), q_early, q_last, many=False)
    blocks = ranking._token_vectors(article_id)
    assert whole is not None
    assert np.allclose(last, match_matrix(q_last, [b[1] for b in blocks]), atol=1e-5)
    assert np.allclose(early, match_matrix(q_early, [b[0] for b in blocks]), atol=1e-5)


def test_lexical_signals_are_repeated_for_a_question_in_another_language(hash_bot):
    """An English question on the Indonesian article gets its word-overlap signals a second time in
    the cross-language columns, so the ranker can weigh them apart; an Indonesian question does not."""
    import numpy as np

    from assistant.rerank import FEATURES

    bm25, cross = FEATURES.index("bm25"), FEATURES.index("bm25_cross")
    char, char_cross = FEATURES.index("char"), FEATURES.index("char_cross")
    english = hash_bot.rank("Which ASEAN meeting did Kemdagri attend?").table
    assert np.array_equal(english[:, cross], english[:, bm25]) and english[:, bm25].any()
    assert np.array_equal(english[:, char_cross], english[:, char])
    indonesian = hash_bot.rank("Berapa peserta yang diundang?").table
    assert not indonesian[:, cross].any() and not indonesian[:, char_cross].any()


def test_grouped_hit1_tells_a_general_signal_from_a_sentence_prior():
    """A column marking one sentence (a prior for the lead) helps only the questions about that
    sentence; with folds grouped by answer sentence it cannot carry over, a real signal can."""
    from evals.tune import grouped_hit1

    rng = np.random.default_rng(1)
    tables, relevant, groups = [], [], []
    for i in range(120):
        gold = 0 if i % 2 else int(rng.integers(1, 10))     # half the questions are about sentence 0
        table = rng.normal(size=(10, len(FEATURES))).astype(np.float32)
        table[:, FEATURES.index("lead")] = 0.0
        table[0, FEATURES.index("lead")] = 1.0
        table[gold, FEATURES.index("bm25")] += 5.0
        labels = np.zeros(10)
        labels[gold] = 1
        tables.append(table)
        relevant.append(labels)
        groups.append(gold)
    assert grouped_hit1(tables, relevant, groups, features=("bm25",)) > 0.9
    assert grouped_hit1(tables, relevant, groups, features=("lead",)) < 0.5
