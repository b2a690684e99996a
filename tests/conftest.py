"""Shared fixtures. Front-end specific fixtures live in their own test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.content.load import cached_bank
from ldnwizard.core.content.welcome import default_questions_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def bank() -> Bank:
    """The shipped question set, loaded and checked once."""
    return cached_bank(default_questions_dir())
