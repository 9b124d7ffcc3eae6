"""evals.configs: --compare specs on top of the base configuration."""

from __future__ import annotations

import pytest

from evals import ConfigSpecError, RunConfig
from evals.configs import base_config, build_configs, parse_spec

BASE = RunConfig("multilingual-e5-small", "hybrid")


def test_base_defaults_follow_the_assistant():
    assert base_config() == BASE
    assert base_config("hash", "lexical") == RunConfig("hash", "lexical")


def test_spec_overrides_and_inherits():
    assert parse_spec("model=all-MiniLM-L6-v2,retriever=dense", BASE) == RunConfig("all-MiniLM-L6-v2", "dense")
    assert parse_spec(" retriever = dense ", BASE) == RunConfig("multilingual-e5-small", "dense")
    assert parse_spec("retriever=dense,name=e5 dense", BASE).label == "e5 dense"


def test_labels_and_slugs():
    assert RunConfig("all-MiniLM-L6-v2", "dense").label == "dense:all-MiniLM-L6-v2"
    assert RunConfig("all-MiniLM-L6-v2", "dense").slug == "dense-all-MiniLM-L6-v2"
    assert RunConfig("anything", "lexical").label == "lexical"


@pytest.mark.parametrize("spec", ["", "retriever", "retriever=", "colour=red", "retriever=fuzzy"])
def test_bad_specs(spec):
    with pytest.raises(ConfigSpecError) as info:
        parse_spec(spec, BASE)
    assert isinstance(info.value, ValueError)


def test_base_first_and_repeats_dropped():
    configs = build_configs(BASE, ["retriever=lexical", "model=hash,retriever=lexical", "retriever=hybrid",
                                   "model=all-MiniLM-L6-v2,retriever=dense"])
    assert [c.label for c in configs] == ["hybrid:multilingual-e5-small", "lexical", "dense:all-MiniLM-L6-v2"]


def test_two_configurations_with_one_name_are_refused():
    with pytest.raises(ConfigSpecError, match="share a name"):
        build_configs(BASE, ["retriever=dense,name=x", "retriever=lexical,name=x"])
