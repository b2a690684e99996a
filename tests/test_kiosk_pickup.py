"""``ldnwizard pickup``: the pharmacist finds a customer's summary by its code."""

from __future__ import annotations

import os
import stat
import time

import pytest

from ldnwizard.cli import main
from ldnwizard.core.files import spool
from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.report.summary import build_summary, read_summary, to_toml


@pytest.fixture
def saved(tmp_path, bank):
    """A spool with one summary saved under 7KX40P; returns the spool folder."""
    flow = Flow(bank, {"benzo": "diazepam", "taper_status": "stable", "opioids": "no"}, {"name": "R. K."})
    text = to_toml(build_summary(bank, flow.assessment()))
    it = iter("7KX40P")
    code = spool.save(tmp_path / "spool", text, choice=lambda _a: next(it))
    assert code == "7KX40P"
    return tmp_path / "spool"


@pytest.mark.parametrize("typed", ["7KX40P", "7kx40p", "7KX-40P", "7 kx 4o p", "7KX4QP", "7KX4DP"])
def test_pickup_finds_the_summary_however_the_code_is_typed(saved, typed, capsys):
    assert main(["pickup", typed, "--spool", str(saved)]) == 0
    out = capsys.readouterr().out
    assert "LDN and benzodiazepine summary for R. K." in out
    assert "Diazepam" in out


def test_pickup_markdown_and_export(saved, tmp_path, capsys):
    assert main(["pickup", "7kx40p", "--spool", str(saved), "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# LDN and benzodiazepine summary")
    out = tmp_path / "for-prescriber.toml"
    assert main(["pickup", "7KX40P", "--spool", str(saved), "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert read_summary(out).patient.name == "R. K."
    assert main(["pickup", "7KX40P", "--spool", str(saved), "-o", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["pickup", "7KX40P", "--spool", str(saved), "-o", str(out), "--force", "--format", "text"]) == 0
    assert out.read_text().startswith("LDN and benzodiazepine summary")


def test_unknown_code_exits_1_with_a_clear_message(saved, capsys):
    assert main(["pickup", "AAAAAA", "--spool", str(saved)]) == 1
    err = capsys.readouterr().err
    assert "no summary under code AAA-AAA" in err
    assert "Traceback" not in err


def test_expired_code_exits_1_and_the_file_is_gone(saved, capsys):
    path = saved / "7KX40P.toml"
    old = time.time() - 25 * 3600
    os.utime(path, (old, old))
    assert main(["pickup", "7KX40P", "--spool", str(saved)]) == 1
    assert "has expired" in capsys.readouterr().err
    assert not path.exists()
    assert main(["pickup", "7KX40P", "--spool", str(saved)]) == 1
    assert "no summary under code 7KX-40P" in capsys.readouterr().err


def test_retain_hours_from_the_config_file(saved, tmp_path, capsys):
    path = saved / "7KX40P.toml"
    old = time.time() - 3 * 3600
    os.utime(path, (old, old))
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'spool = "{saved}"\nretain_hours = 2\n')
    assert main(["pickup", "7KX40P", "--config", str(cfg), "--retain-hours", "4"]) == 0
    capsys.readouterr()
    assert main(["pickup", "7KX40P", "--config", str(cfg)]) == 1
    assert "older than 2 hours" in capsys.readouterr().err


@pytest.mark.parametrize("typed", ["7KX40", "7KX40P1", "7K#40P"])
def test_a_malformed_code_is_bad_input(saved, typed, capsys):
    assert main(["pickup", typed, "--spool", str(saved)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a pickup code" in err


def test_a_damaged_spool_file_is_reported_with_its_path(saved, capsys):
    (saved / "7KX40P.toml").write_text("meta = 3\n")
    assert main(["pickup", "7KX40P", "--spool", str(saved)]) == 2
    err = capsys.readouterr().err
    assert str(saved / "7KX40P.toml") in err and "Traceback" not in err


def test_bad_config_is_exit_2_with_file_and_line(tmp_path, capsys):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('spool = "x"\nretain = 3\n')
    assert main(["pickup", "7KX40P", "--config", str(cfg)]) == 2
    assert f"{cfg}:2: unknown setting 'retain'" in capsys.readouterr().err
    assert main(["kiosk", "--config", str(cfg)]) == 2
    assert f"{cfg}:2:" in capsys.readouterr().err
