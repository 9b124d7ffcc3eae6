"""Errors shared by every stage: one base class, and the corpus stage's own errors.

Library code raises these; the edges (CLI, HTTP API, chat) translate them into a one-line
message, a 4xx JSON body or a ``gr.Error``.
"""

from __future__ import annotations


class ArticleQAError(Exception):
    """Base class of every error article-qa raises on purpose."""


class CorpusError(ArticleQAError):
    """An article file or corpus folder that cannot be used; the message names the file."""


class UnknownArticleError(ArticleQAError, LookupError):
    """An article id that is not in the corpus."""
