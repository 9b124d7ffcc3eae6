"""Interface words in Indonesian and English (the page opens in Indonesian).

Only the interface is translated: cited sentences are always the article's own words.
"""

from __future__ import annotations

from assistant import EmptyQuestionError, InvalidHistoryError, QuestionTooLongError, UnknownArticleError

from .ratelimit import RateLimitedError
from .service import InvalidTextError

LANGS = ("id", "en")
LANG_CHOICES = [("Bahasa Indonesia", "id"), ("English", "en")]

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Tanya Artikel",
        "tagline": "Jawaban dikutip kata demi kata dari artikel, dengan nomor kalimatnya. "
                   "Tidak ada yang dikarang.",
        "article": "Artikel",
        "question": "Pertanyaan",
        "placeholder": "Tanyakan sesuatu tentang artikel ini…",
        "ask": "Tanya",
        "examples": "Contoh pertanyaan",
        "conversation": "Percakapan",
        "empty_chat": "Tanyakan apa saja tentang artikel ini. Setiap jawaban menunjuk kalimat di artikel "
                      "yang menjadi sumbernya.",
        "answer": "Jawaban",
        "sentence": "kalimat",
        "confidence": "keyakinan",
        "quoted": "Dikutip dari artikel:",
        "abstain": "Artikel tidak menyebutkan hal itu.",
        "abstain_hint": "Tidak ada kalimat di artikel yang menjawab pertanyaan ini.",
        "related": "Kalimat terdekat (bukan jawaban):",
        "jump": "Tampilkan kalimat {n} di artikel",
        "thanks": "Terima kasih atas masukan Anda.",
        "widget_title": "Tanya artikel ini",
        "err_empty": "Pertanyaannya kosong: ketik pertanyaan tentang artikel.",
        "err_too_long": "Pertanyaannya terlalu panjang (paling banyak {limit} karakter).",
        "err_history": "Riwayat percakapan tidak valid; mulai percakapan baru.",
        "err_article": "Artikel itu tidak ditemukan.",
        "err_busy": "Server sedang sibuk; coba lagi sebentar lagi.",
        "err_rate": "Terlalu banyak pertanyaan dalam waktu singkat; tunggu {seconds} detik lalu coba lagi.",
        "err_text": "Pertanyaannya berisi karakter yang tidak valid; ketik ulang pertanyaannya.",
        "err_feedback": "Masukan tidak dapat disimpan.",
        "api_docs": "Dokumentasi API",
    },
    "en": {
        "title": "Ask the Article",
        "tagline": "Answers are quoted word for word from the article, with their sentence numbers. "
                   "Nothing is made up.",
        "article": "Article",
        "question": "Question",
        "placeholder": "Ask something about this article…",
        "ask": "Ask",
        "examples": "Example questions",
        "conversation": "Conversation",
        "empty_chat": "Ask anything about this article. Every answer points to the article sentence it "
                      "comes from.",
        "answer": "Answer",
        "sentence": "sentence",
        "confidence": "confidence",
        "quoted": "Quoted from the article:",
        "abstain": "The article does not say.",
        "abstain_hint": "No sentence in the article answers this question.",
        "related": "Closest sentences (not an answer):",
        "jump": "Show sentence {n} in the article",
        "thanks": "Thank you for your feedback.",
        "widget_title": "Ask about this article",
        "err_empty": "The question is empty: type a question about the article.",
        "err_too_long": "The question is too long (at most {limit} characters).",
        "err_history": "The conversation history is not valid; start a new conversation.",
        "err_article": "That article was not found.",
        "err_busy": "The server is busy; try again in a moment.",
        "err_rate": "Too many questions in a short time; wait {seconds} seconds and try again.",
        "err_text": "The question contains invalid characters; type it again.",
        "err_feedback": "The feedback could not be saved.",
        "api_docs": "API documentation",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    """The label ``key`` in ``lang`` (unknown languages fall back to Indonesian)."""
    text = LABELS.get(lang, LABELS["id"])[key]
    return text.format(**values) if values else text


def error_message(lang: str, exc: Exception, limit: int = 2000) -> str:
    """A user-facing, translated one-line message for an assistant input error."""
    if isinstance(exc, EmptyQuestionError):
        return t(lang, "err_empty")
    if isinstance(exc, QuestionTooLongError):
        return t(lang, "err_too_long", limit=f"{limit:,}".replace(",", "." if lang == "id" else ","))
    if isinstance(exc, InvalidHistoryError):
        return t(lang, "err_history")
    if isinstance(exc, UnknownArticleError):
        return t(lang, "err_article")
    if isinstance(exc, InvalidTextError):
        return t(lang, "err_text")
    if isinstance(exc, RateLimitedError):
        return t(lang, "err_rate", seconds=exc.retry_after)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
