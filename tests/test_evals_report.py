"""evals.report: the Markdown report, REPORT.json and the figures, for one and several configurations."""

from __future__ import annotations

import json

import pytest

from evals import ConfigRun, RunConfig, build_document, write_report
from evals.report import render_markdown, render_summary, report_paths
from tests.test_evals_scorecard import many

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def two():
    return build_document([ConfigRun(RunConfig("hash", "hybrid"), many([True] * 12 + [False] * 8)),
                           ConfigRun(RunConfig("hash", "lexical"), many([True] * 8 + [False] * 12))],
                          resamples=1000)


def test_report_files(tmp_path, two):
    paths = write_report(two, tmp_path / "out" / "REPORT.md")
    assert paths == report_paths(tmp_path / "out" / "REPORT.md")
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"REPORT.md", "REPORT.json", "REPORT-risk-coverage.png",
                                                              "REPORT-slices.png"}
    assert paths["risk_coverage"].read_bytes().startswith(PNG) and paths["slices"].read_bytes().startswith(PNG)
    assert json.loads(paths["json"].read_text(encoding="utf-8")) == two
    text = paths["markdown"].read_text(encoding="utf-8")
    assert "![risk-coverage curve](REPORT-risk-coverage.png)" in text and "(REPORT-slices.png)" in text


def test_side_by_side_with_p_values(two):
    text = render_markdown(two)
    assert "| metric | hybrid:hash (base) | lexical |" in text
    assert "(p=" in text and "exact McNemar" in text and "paired bootstrap" in text
    assert "<details><summary>lexical: 18 of 30 not answered correctly</summary>" in text


def test_single_configuration_lists_wrong_answers_with_what_was_cited(two):
    single = {**two, "metrics": {"hybrid:hash": two["metrics"]["hybrid:hash"]}, "comparisons": {},
              "configs": two["configs"][:1], "wrong": {"hybrid:hash": two["wrong"]["hybrid:hash"]}}
    text = render_markdown(single)
    assert "| metric | value | 95% CI | over n | always-abstain baseline |" in text
    assert "### hybrid:hash: 14 of 30 not answered correctly" in text
    assert "**a12** (en, what): the first citation does not contain the evidence" in text
    assert "cited, sentence_id 2 (no evidence): \u201ckalimat 2\u201d" in text
    assert "gold evidence: \u201cevidence\u201d" in text and "gold: the article does not answer this" in text


def test_terminal_summary(two):
    text = render_summary(two)
    assert "hybrid:hash" in text.splitlines()[1] and "lexical" in text.splitlines()[1]
    assert "not answered correctly: hybrid:hash: 14, lexical: 18" in text
