"""Loading articles and corpora, and the clear errors for bad files."""

from __future__ import annotations

import pytest

from corpus import BUNDLED_DIR, CorpusError, UnknownArticleError, add_article, load_article, load_corpus
from tests.conftest import SEED


def test_bundled_article_is_the_seed_with_its_metadata(article):
    if SEED.is_file():          # the shared seed sits beside the repository; a lone clone has only the copy
        assert article.text.rstrip("\n") == SEED.read_text(encoding="utf-8").rstrip("\n")
    assert article.text.startswith("Indonesia Ikuti Pertemuan Jaringan Smart City ASEAN-Jepang")
    assert "Kegiatan ini mengundang 1.200 peserta" in article.text
    assert article.id == "inews-2021-10-22-asean-japan-smart-city"
    assert article.title.startswith("Indonesia Ikuti Pertemuan")
    assert (article.source, article.date, article.editor, article.lang) == (
        "iNews.id", "2021-10-22", "Anton Suhartono", "id")
    assert len(article.content_hash) == 64


def test_file_without_front_matter_gets_slug_id_and_first_line_title(tmp_path):
    path = tmp_path / "Berita Kota Pintar!.txt"
    path.write_text("Judul Berita\nIsi berita pertama. Isi kedua.", encoding="utf-8")
    article = load_article(path)
    assert article.id == "berita-kota-pintar"
    assert article.title == "Judul Berita"


def test_content_hash_changes_with_text_and_id_stays(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\nid: stable-id\n---\nSatu.", encoding="utf-8")
    first = load_article(path)
    path.write_text("---\nid: stable-id\n---\nDua.", encoding="utf-8")
    second = load_article(path)
    assert first.id == second.id and first.content_hash != second.content_hash


def test_windows_line_endings_are_normalized(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Judul\r\nKalimat satu. Kalimat dua.\r\n")
    assert "\r" not in load_article(path).text


def test_non_utf8_file_is_a_clear_error_naming_it(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Berita tentang kota \xe9 pintar.".encode("latin-1"))
    with pytest.raises(CorpusError, match="latin1.txt.*UTF-8"):
        load_article(path)


@pytest.mark.parametrize("content", ["", "   \n\n", "---\nid: kosong\n---\n  \n"])
def test_empty_file_is_a_clear_error_naming_it(tmp_path, content):
    path = tmp_path / "kosong.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match="kosong.md.*empty"):
        load_article(path)


def test_folder_without_articles_is_a_clear_error(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(CorpusError, match=f"no articles found in {tmp_path}"):
        load_corpus(tmp_path)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")


def test_duplicate_ids_are_refused(tmp_path):
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("---\nid: same\n---\nTeks.", encoding="utf-8")
    with pytest.raises(CorpusError, match="'same' is also used"):
        load_corpus(tmp_path)


def test_unsafe_id_is_refused(tmp_path):
    (tmp_path / "a.md").write_text("---\nid: ../../etc/passwd\n---\nTeks.", encoding="utf-8")
    with pytest.raises(CorpusError, match="id"):
        load_corpus(tmp_path)


def test_unknown_article_id(tmp_path):
    corpus = load_corpus(BUNDLED_DIR)
    with pytest.raises(UnknownArticleError, match="unknown article id"):
        corpus.get("nope")
    assert corpus.get(None).id == corpus.default_id


def test_add_article_copies_validates_and_updates(tmp_path):
    source = tmp_path / "new.md"
    source.write_text("---\nid: baru\ntitle: Berita Baru\n---\nIsi berita.", encoding="utf-8")
    folder = tmp_path / "corpus"
    added = add_article(source, folder)
    assert added.id == "baru" and (folder / "baru.md").exists()
    source.write_text("---\nid: baru\ntitle: Berita Baru\n---\nIsi berita yang diperbarui.", encoding="utf-8")
    assert "diperbarui" in add_article(source, folder).text
    assert [a.id for a in load_corpus(folder)] == ["baru"]


def test_add_refuses_bad_file_and_leaves_folder_alone(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    folder = tmp_path / "corpus"
    with pytest.raises(CorpusError, match="bad.txt"):
        add_article(bad, folder)
    assert not folder.exists() or not any(folder.iterdir())
