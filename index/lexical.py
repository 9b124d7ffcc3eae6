"""The lexical side of retrieval: an Indonesian analyzer and a BM25 index (bm25s).

The analyzer lower-cases and NFKC-normalizes, keeps dotted numbers whole (``1.200`` ->
``1200``, ``10.30`` -> ``10.30``), splits reduplications and compounds on hyphens
(``kota-kota`` -> ``kota``), strips the clitics ``-nya/-lah/-kah/-pun`` and stems with
Sastrawi. Question words and negations are kept (they are not stopwords here), and a stem that
would turn a content word into a function word (Sastrawi's ``peserta`` -> ``serta``) is refused.
Synonyms of news writing ("daring", "virtual") become one term (:mod:`index.synonyms`).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

from .synonyms import GROUPS as SYNONYM_GROUPS
from .synonyms import table as synonym_table

# 2: synonym groups, whose list is part of the version (an index built with other groups is rebuilt)
ANALYZER_VERSION = f"2-{hashlib.sha1(SYNONYM_GROUPS.encode()).hexdigest()[:10]}"

# Function words carry no topic. Question words (apa, siapa, kapan, berapa, ...) and negations
# (tidak, bukan, belum, tanpa) are deliberately absent: they change what a sentence means.
STOPWORDS_ID = frozenset("""
    yang dan di ke dari ini itu dengan untuk pada adalah ialah sebagai dalam oleh juga akan telah
    sudah atau serta para si sang pun lah kah nya tersebut yaitu yakni bahwa karena agar supaya
    bagi tentang seperti antara hingga sampai secara kepada terhadap saat ketika namun tetapi
    sedangkan maupun baik lalu kemudian ada adanya dapat bisa harus masih lebih sangat paling
    setiap semua seluruh beberapa banyak sejumlah selain misalnya sementara melalui sebuah suatu
    satu para kami kita mereka ia dia beliau anda saya aku kamu nya pula hal kata ujar
""".split())
STOPWORDS_EN = frozenset("""
    the a an of to in on at for by with from and or as is are was were be been being it its this
    that these those there their they them he she his her we our you your i me my do does did
    has have had will would shall should can could may might into about over under than then
    also just so such very more most any each other some all both
""".split())
STOPWORDS = STOPWORDS_ID | STOPWORDS_EN
_TOKEN = re.compile(r"\d+(?:[.,:/]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Sastrawi stem of one lower-case word, unless the stem is a function word."""
    root = _stemmer().stem(word)
    if root and root not in STOPWORDS:
        return root
    return re.sub(r"(?:nya|lah|kah|pun)$", "", word) or word


def _number(token: str) -> str:
    # "1.200" is one thousand two hundred in Indonesian; "10.30" stays a time.
    return token.replace(".", "") if _THOUSANDS.match(token) else token


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    return synonym_table(lambda word: _analyze(word, synonyms=False))


def analyze(text: str) -> list[str]:
    """Terms of ``text`` for BM25; words of one synonym group (:mod:`index.synonyms`) become one term.

    Example: ``analyze("Kota-kota pintar mengundang 1.200 pesertanya")`` gives
    ``["kota", "pintar", "undang", "1200", "peserta"]``; ``analyze("secara daring")`` gives
    ``["virtual"]``.
    """
    return _analyze(text)


def _analyze(text: str, synonyms: bool = True) -> list[str]:
    fold = _synonyms() if synonyms else {}
    text = unicodedata.normalize("NFKC", text).lower()
    terms: list[str] = []
    for token in _TOKEN.findall(text):
        if token[0].isdigit():
            terms.append(_number(token))
            continue
        parts = token.split("-")
        if len(parts) == 2 and parts[0] == parts[1]:      # reduplication: kota-kota
            parts = parts[:1]
        for part in parts:
            if part in STOPWORDS or len(part) < 2:
                continue
            root = stem(part)
            if root not in STOPWORDS:
                terms.append(fold.get(root, root))
    return terms


def _bm25s():
    import bm25s

    # bm25s sets its own logger to DEBUG on import; keep its chatter out of users' logs
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


class LexicalIndex:
    """BM25 over sentences; scores come back for every sentence so callers can slice by article."""

    def __init__(self, model) -> None:
        self._model = model

    @classmethod
    def build(cls, texts: list[str], *, k1: float = 1.2, b: float = 0.75) -> LexicalIndex:
        bm25s = _bm25s()

        model = bm25s.BM25(k1=k1, b=b)
        model.index([analyze(t) for t in texts], show_progress=False)
        return cls(model)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every sentence for ``query``: a float32 array of length n_sentences."""
        ids = self._model.get_tokens_ids(analyze(query))
        n = int(self._model.scores["num_docs"])
        if not ids:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self._model.get_scores(ids), dtype=np.float32)

    def save(self, folder: Path) -> None:
        self._model.save(str(folder))

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        bm25s = _bm25s()

        return cls(bm25s.BM25.load(str(folder), mmap=False))
