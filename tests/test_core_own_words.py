"""The question set says things in its own words: no run of six words from the seed article.

The article sits beside the repository in shared/seed/ (not shipped with the project);
where it is missing the test is skipped with that reason. Citations in sources.toml may
repeat the article's title.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

SEED = ROOT.parent / "shared" / "seed" / "ldn-and-benzodiazepines.txt"
RUN = 6


def runs(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


@pytest.mark.skipif(not SEED.is_file(), reason=f"the seed article is not at {SEED}")
@pytest.mark.parametrize("name", ["questionnaire.toml", "rules.toml", "plan.toml", "medicines.toml"])
def test_no_sentences_copied_from_the_article(name):
    seed = runs(SEED.read_text(encoding="utf-8"))
    copied = runs((ROOT / "questions" / "ldn-benzo" / name).read_text(encoding="utf-8")) & seed
    assert not copied, sorted(copied)
