"""Stage 3 of the pipeline: answering a question with cited article sentences."""

from corpus.errors import ArticleQAError, CorpusError, UnknownArticleError

from .answer import Answer, Citation
from .config import AssistantConfig
from .errors import EmptyQuestionError, InvalidHistoryError, InvalidQuestionError, QuestionTooLongError
from .qa import ALL_ARTICLES, Assistant

__all__ = ["ALL_ARTICLES", "Answer", "ArticleQAError", "Assistant", "AssistantConfig", "Citation", "CorpusError",
           "EmptyQuestionError", "InvalidHistoryError", "InvalidQuestionError", "QuestionTooLongError",
           "UnknownArticleError"]
