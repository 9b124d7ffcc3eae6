"""Articles on disk: a folder of ``.txt``/``.md`` files, each with optional front matter.

A file looks like::

    ---
    id: inews-2021-10-22-asean-japan-smart-city
    title: Indonesia Ikuti Pertemuan ...
    date: 2021-10-22
    ---
    Indonesia Ikuti Pertemuan ...          <- the article text starts here

The *article text* is everything after the front matter, with Windows line endings turned
into ``\\n``. Every offset in the project (sentences, citations, highlights) points into it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorpusError, UnknownArticleError

ARTICLE_SUFFIXES = (".txt", ".md")
BUNDLED_DIR = Path(__file__).resolve().parent / "articles"
DEFAULT_ARTICLE_ID = "inews-2021-10-22-asean-japan-smart-city"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")


@dataclass(frozen=True)
class Article:
    """One article: its text and metadata.

    ``id`` is stable (front matter ``id``, else a slug of the file name); ``content_hash`` is
    the sha256 of the text, so an answer can be pinned to the revision it quotes.
    """

    id: str
    text: str
    title: str
    source: str | None = None
    date: str | None = None
    editor: str | None = None
    lang: str | None = None
    url: str | None = None
    path: Path | None = None
    meta: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def summary(self) -> dict[str, str | None]:
        """The JSON-ready listing used by ``GET /api/articles`` and ``--json`` outputs."""
        return {"id": self.id, "title": self.title, "date": self.date, "source": self.source,
                "lang": self.lang, "content_hash": self.content_hash}


def slugify(name: str) -> str:
    """A file-name-safe, lowercase id: ``"Berita Kota Pintar!"`` -> ``"berita-kota-pintar"``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:100] or "article"


def parse_article(raw: str, *, fallback_id: str, path: Path | None = None) -> Article:
    """Build an :class:`Article` from a file's text (front matter optional).

    Raises:
        CorpusError: empty text, or an id that is not a safe slug.
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(raw)
    if match:
        for line in match.group(1).splitlines():
            kv = _KEY_VALUE.match(line)
            if kv:
                meta[kv.group(1).lower()] = kv.group(2).strip().strip("\"'")
        raw = raw[match.end():]
    where = f"{path}" if path else fallback_id
    if not raw.strip():
        raise CorpusError(f"{where}: the article is empty")
    article_id = meta.get("id") or slugify(fallback_id)
    if not _SAFE_ID.match(article_id):
        raise CorpusError(f"{where}: id {article_id!r} must be lowercase letters, digits, '.', '_' or '-'")
    first_line = next(line.strip() for line in raw.splitlines() if line.strip())
    return Article(
        id=article_id, text=raw, title=meta.get("title") or first_line[:200],
        source=meta.get("source"), date=meta.get("date"), editor=meta.get("editor"),
        lang=meta.get("lang"), url=meta.get("url"), path=path, meta=meta,
    )


def load_article(path: Path) -> Article:
    """Read one article file. Raises :class:`CorpusError` naming the file on any problem."""
    path = Path(path)
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise CorpusError(f"{path}: not an article file (expected {' or '.join(ARTICLE_SUFFIXES)})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (bad byte at position {exc.start}); "
                          "save the file as UTF-8") from exc
    return parse_article(raw, fallback_id=path.stem, path=path)


class Corpus:
    """An ordered, id-addressable set of articles (sorted by id, bundled article first)."""

    def __init__(self, articles: Iterable[Article], *, sources: tuple[Path, ...] = ()):
        self.sources = sources
        self._by_id: dict[str, Article] = {}
        for article in articles:
            if article.id in self._by_id:
                other = self._by_id[article.id].path
                raise CorpusError(f"{article.path}: article id {article.id!r} is also used by {other}")
            self._by_id[article.id] = article
        if not self._by_id:
            raise CorpusError(f"no articles found in {', '.join(map(str, sources)) or 'the corpus'} "
                              f"(add a {' or '.join(ARTICLE_SUFFIXES)} file)")

    def __iter__(self) -> Iterator[Article]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._by_id

    @property
    def ids(self) -> list[str]:
        return list(self._by_id)

    @property
    def default_id(self) -> str:
        """The article answered when none is named: the bundled one if present, else the first."""
        return DEFAULT_ARTICLE_ID if DEFAULT_ARTICLE_ID in self._by_id else next(iter(self._by_id))

    def get(self, article_id: str | None = None) -> Article:
        """The article with that id (``None``: the default one). Raises :class:`UnknownArticleError`."""
        key = self.default_id if article_id is None else article_id
        try:
            return self._by_id[key]
        except (KeyError, TypeError):
            shown = repr(key)[:80]
            raise UnknownArticleError(f"unknown article id {shown}; known ids: "
                                      f"{', '.join(list(self._by_id)[:10])}") from None

    @property
    def fingerprint(self) -> str:
        """sha256 over every (id, content hash): changes whenever any article changes."""
        h = hashlib.sha256()
        for article in self:
            h.update(f"{article.id}\0{article.content_hash}\n".encode())
        return h.hexdigest()


def article_files(folder: Path) -> list[Path]:
    """The article files directly inside ``folder``, sorted by name (hidden files skipped)."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith("."))


def load_corpus(*folders: Path) -> Corpus:
    """Load every article in the given folders (default: the bundled folder).

    Raises:
        CorpusError: a folder that does not exist, has no articles, or holds a bad file.
    """
    folders = tuple(Path(f) for f in folders) or (BUNDLED_DIR,)
    articles: list[Article] = []
    for folder in folders:
        if not folder.is_dir():
            raise CorpusError(f"{folder}: corpus folder does not exist")
        articles.extend(load_article(p) for p in article_files(folder))
    bundled_first = sorted(articles, key=lambda a: (a.id != DEFAULT_ARTICLE_ID, a.id))
    return Corpus(bundled_first, sources=folders)


def add_article(source: Path, folder: Path) -> Article:
    """Validate ``source`` and copy it into the corpus ``folder`` as ``<id><suffix>``; adding an
    article with the same id again replaces it. Returns the added article.

    Raises:
        CorpusError: the file is not a valid article, or another file there already uses its id.
    """
    article = load_article(Path(source))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{article.id}{Path(source).suffix.lower()}"
    for existing in article_files(folder):
        # the same id under the target name is an update; under another name, a clash
        if existing.resolve() not in (Path(source).resolve(), target.resolve()) and \
                load_article(existing).id == article.id:
            raise CorpusError(f"{source}: id {article.id!r} already used by {existing}; "
                              "set a different 'id:' in the front matter")
    if target.resolve() != Path(source).resolve():
        shutil.copyfile(source, target)
    return load_article(target)
