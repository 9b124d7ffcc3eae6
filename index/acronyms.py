"""Acronyms an article defines ("Kementerian Dalam Negeri (Kemdagri)"), spelled out where a later
sentence uses them bare ("... siaran pers Kemdagri"), for what is embedded of that sentence.

A sentence that says "Kemdagri" then matches a question about the ministry as well as the
sentence that defined it does, instead of leaving the definition to attract every such question.
The cited text never changes: only the passage given to the encoder does.
"""

from __future__ import annotations

import re
from functools import lru_cache

# "Long Form (ACR)": up to six capitalized words (joined by short function words) before one
# parenthesized capitalized word, an initialism ("NR") or a syllabic acronym ("Kemdagri", "Adwil")
_DEFINED = re.compile(r"((?:[A-Z][\w.-]*\s+(?:(?:dan|of|and|for|the)\s+)?){1,6})\(([A-Z][\w-]+)\)")


@lru_cache(maxsize=64)          # one article's, asked for each of its sentences
def definitions(text: str) -> dict[str, str]:
    """``{acronym: long form}`` for each acronym ``text`` defines (the first definition wins).

    Example: ``definitions("Kementerian Dalam Negeri (Kemdagri) ikut.")`` is
    ``{"Kemdagri": "Kementerian Dalam Negeri"}``.
    """
    found: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        long_form, acronym = m.group(1).strip(), m.group(2)
        if len(long_form) > len(acronym):
            found.setdefault(acronym, long_form)
    return found


def spelled_out(sentence: str, defined: dict[str, str]) -> str:
    """``sentence`` with the long form of each acronym it uses but does not define appended.

    Example: ``spelled_out("Menurut siaran pers Kemdagri.", {"Kemdagri": "Kementerian Dalam
    Negeri"})`` is ``"Menurut siaran pers Kemdagri. (Kemdagri: Kementerian Dalam Negeri)"``.
    """
    notes = [f"{acronym}: {long_form}" for acronym, long_form in defined.items()
             if re.search(rf"\b{re.escape(acronym)}\b", sentence) and f"({acronym})" not in sentence]
    return f"{sentence} ({'; '.join(notes)})" if notes else sentence
