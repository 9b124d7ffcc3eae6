"""The HTTP API's request and response shapes (pydantic), for validation and the OpenAPI docs."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AskRequest(BaseModel):
    """``POST /api/ask`` body."""

    model_config = ConfigDict(json_schema_extra={
        "examples": [{"question": "Berapa peserta yang diundang?", "history": [], "article_id": None}]})

    question: str = Field(description="The question, in Indonesian or English (at most 2,000 characters).")
    history: list[str] | None = Field(default=None, description="Earlier questions of the conversation, "
                                                                "oldest first (for follow-ups); null: none.")
    article_id: str | None = Field(default=None, description="Article id from GET /api/articles "
                                                             "(null: the default article; '*': all).")


class CitationOut(BaseModel):
    """A cited sentence: ``text == article.text[start:end]``."""

    model_config = ConfigDict(extra="allow")
    article_id: str
    sentence_id: int = Field(description="0-based sentence number in the article")
    start: int = Field(description="character offset in the article text")
    end: int
    text: str
    score: float | None = None


class AnswerOut(BaseModel):
    """``Answer.to_dict()``: the cited sentences (empty when abstained) and the answer phrase."""

    model_config = ConfigDict(extra="allow")
    question: str
    lang: str = Field(description="'id' or 'en': the question's language")
    abstained: bool = Field(description="true: the article does not say (``related`` are not answers)")
    confidence: float
    citations: list[CitationOut]
    text: str
    article_id: str
    article_title: str
    content_hash: str = Field(description="sha256 of the article text the citations point into")
    highlight: str | None = None
    highlight_start: int | None = None
    highlight_end: int | None = None
    related: list[CitationOut] = Field(default_factory=list)


class ArticleOut(BaseModel):
    """One article of the corpus."""

    model_config = ConfigDict(extra="allow")
    id: str
    title: str
    date: str | None = None
    source: str | None = None
    lang: str | None = None
    content_hash: str


class SentenceOut(BaseModel):
    sentence_id: int
    start: int
    end: int
    text: str


class ArticleDetailOut(ArticleOut):
    """An article with its text and sentences (the offsets citations use)."""

    text: str
    sentences: list[SentenceOut]


class ErrorOut(BaseModel):
    """Every error: one line saying what is wrong."""

    error: str


class HealthOut(BaseModel):
    status: str
    articles: int
    model: str | None
    retriever: str
