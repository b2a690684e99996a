"""Drafts (ldnwizard.core.answering.drafts): saved privately, checked again when loaded, never a crash."""

from __future__ import annotations

import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import tomli_w

from ldnwizard.core.answering.drafts import DraftStore, default_folder
from ldnwizard.core.answering.flow import Flow
from tui_support import STANDARD, flow_with, shipped_bank


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "new")
    flow = flow_with(STANDARD, {"name": "Jo"}, at="thyroid")
    path = store.save(flow)
    assert path is not None and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    found = store.load(shipped_bank())
    assert found.notice is None and found.flow is not None
    assert found.flow.answers == STANDARD and found.flow.patient == {"name": "Jo"}
    assert found.flow.current.id == "thyroid"


def test_a_finished_walk_resumes_at_the_review(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(flow_with(STANDARD))
    assert store.load(shipped_bank()).flow.done


def test_no_answers_no_draft(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(flow_with(STANDARD))
    store.save(Flow(shipped_bank()))
    assert not store.exists(shipped_bank())
    assert store.load(shipped_bank()).flow is None


def write(store: DraftStore, data: dict) -> None:
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path(shipped_bank()).write_text(tomli_w.dumps(data))


def test_foreign_and_broken_drafts_are_ignored_with_a_notice(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    bank = shipped_bank()
    write(store, {"question_set": "other", "answers": {"benzo": "clonazepam"}})
    assert store.load(bank).flow is None and "another question set" in store.load(bank).notice
    write(store, {"question_set": "ldn-benzo", "answers": {"benzo": "not-a-medicine"}})
    assert store.load(bank).flow is None and "no longer fits" in store.load(bank).notice
    write(store, {"question_set": "ldn-benzo", "answers": {"no_such_question": 1}})
    assert store.load(bank).flow is None
    write(store, {"question_set": "ldn-benzo", "answers": "nonsense"})
    assert store.load(bank).flow is None and "damaged" in store.load(bank).notice
    store.path(bank).write_bytes(b"\xff\xfe not toml")
    assert store.load(bank).flow is None and "could not be read" in store.load(bank).notice


def test_a_place_that_no_longer_applies_goes_to_the_first_open_question(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    write(store, {"question_set": "ldn-benzo", "at": "urgent_symptoms", "answers": {"benzo": "clonazepam", "taper_status": "stable"}})
    found = store.load(shipped_bank())
    assert found.flow.current.id == "age_group"


def test_delete_and_env_override(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LDNWIZARD_DATA_DIR", str(tmp_path / "env"))
    assert default_folder() == tmp_path / "env"
    store = DraftStore()
    store.save(flow_with(STANDARD))
    assert tomllib.loads(store.path(shipped_bank()).read_text())["question_set"] == "ldn-benzo"
    store.delete(shipped_bank())
    store.delete(shipped_bank())
    assert not store.exists(shipped_bank())


def test_try_save_reports_instead_of_raising(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert "could not be saved" in DraftStore(blocker / "sub").try_save(flow_with(STANDARD))


def test_core_drafts_does_not_import_textual() -> None:
    code = "import sys, ldnwizard.core.answering.drafts; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_peek_counts_answers_without_the_question_set(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    assert store.peek("ldn-benzo").count == 0 and store.peek("ldn-benzo").notice is None
    store.save(flow_with(STANDARD, {"name": "Jo"}, at="thyroid"))
    assert store.peek("ldn-benzo").count == len(STANDARD) + 1
    assert store.path("ldn-benzo") == store.path(shipped_bank())
    write(store, {"question_set": "other", "answers": {"benzo": "clonazepam"}})
    assert store.peek("ldn-benzo").count == 0 and "another question set" in store.peek("ldn-benzo").notice
    write(store, {"question_set": "ldn-benzo", "answers": "nonsense"})
    assert "damaged" in store.peek("ldn-benzo").notice
    store.path("ldn-benzo").write_bytes(b"\xff\xfe not toml")
    assert "could not be read" in store.peek("ldn-benzo").notice
    store.delete("ldn-benzo")
    assert not store.exists("ldn-benzo")
