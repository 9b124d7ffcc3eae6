"""Stage 1 of the pipeline: articles on disk and their sentences, with exact offsets."""

from .articles import BUNDLED_DIR, DEFAULT_ARTICLE_ID, Article, Corpus, add_article, load_article, load_corpus
from .errors import ArticleQAError, CorpusError, UnknownArticleError
from .sentences import Sentence, split_sentences

__all__ = ["Article", "ArticleQAError", "BUNDLED_DIR", "Corpus", "CorpusError", "DEFAULT_ARTICLE_ID",
           "Sentence", "UnknownArticleError", "add_article", "load_article", "load_corpus", "split_sentences"]
