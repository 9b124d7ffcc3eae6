"""The assistant's input errors. All are ``ValueError`` subclasses, so callers may catch either."""

from __future__ import annotations

from corpus.errors import ArticleQAError


class InvalidQuestionError(ArticleQAError, ValueError):
    """A question that cannot be answered as given (the message says how to fix it)."""


class EmptyQuestionError(InvalidQuestionError):
    """An empty or whitespace-only question."""


class QuestionTooLongError(InvalidQuestionError):
    """A question longer than the configured limit."""


class InvalidHistoryError(InvalidQuestionError):
    """A history that is not a list of earlier questions, or is too long."""
