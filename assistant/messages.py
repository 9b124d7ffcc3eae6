"""The words around an answer, in the question's language. Citations themselves stay verbatim."""

from __future__ import annotations

from collections.abc import Sequence

TEXTS = {
    "id": {"says": "Menurut artikel \"{title}\":", "abstain": "Artikel tidak menyebutkan hal itu.",
           "related": "Kalimat terdekat (bukan jawaban):"},
    "en": {"says": "The article \"{title}\" says:", "abstain": "The article does not say.",
           "related": "Closest sentences (not an answer):"},
}


def answer_text(lang: str, title: str, sentences: Sequence[str]) -> str:
    """Framing line, then each cited sentence followed by its ``[n]`` marker.

    Example: ``answer_text("en", "T", ["A.", "B."])`` is ``'The article "T" says:\\nA. [1]\\nB. [2]'``.
    """
    words = TEXTS.get(lang, TEXTS["en"])
    lines = [words["says"].format(title=title)]
    lines += [f"{text} [{n}]" for n, text in enumerate(sentences, 1)]
    return "\n".join(lines)


def abstain_text(lang: str, related: Sequence[str]) -> str:
    """The abstention message, then the closest sentences, clearly marked as not an answer."""
    words = TEXTS.get(lang, TEXTS["en"])
    if not related:
        return words["abstain"]
    return "\n".join([words["abstain"], words["related"], *(f"- {text}" for text in related)])
