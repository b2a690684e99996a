"""The kiosk spool (codes, saving, purge) and the kiosk config file. No Textual here."""

from __future__ import annotations

import argparse
import os
import stat
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldnwizard.core.files import spool
from ldnwizard.core.errors import InputError
from ldnwizard.kiosk.config import KioskConfig, read_config_file, read_pin, resolve

# -- the alphabet ------------------------------------------------------------------


def test_alphabet_has_one_member_of_each_lookalike_group():
    groups = ["0OQD", "1IL", "2Z", "5S", "6G", "8B", "UV"]
    for group in groups:
        kept = [ch for ch in group if ch in spool.ALPHABET]
        assert len(kept) == 1, f"{group}: {kept}"
        for ch in group:
            if ch != kept[0]:
                assert spool.LOOKALIKES[ch] == kept[0]
    assert len(set(spool.ALPHABET)) == len(spool.ALPHABET) == 26
    assert not set(spool.LOOKALIKES) & set(spool.ALPHABET)
    assert set(spool.LOOKALIKES.values()) <= set(spool.ALPHABET)
    assert spool.ALPHABET == spool.ALPHABET.upper()


@given(st.text(alphabet=spool.ALPHABET, min_size=6, max_size=6))
def test_every_code_survives_normalising(code):
    assert spool.normalize_code(code) == code
    assert spool.normalize_code(code.lower()) == code
    assert spool.normalize_code(spool.display_code(code)) == code
    assert spool.normalize_code(" " + " ".join(code) + " ") == code


@given(st.text(alphabet=spool.ALPHABET, min_size=6, max_size=6), st.data())
def test_a_lookalike_typed_by_mistake_finds_the_code(code, data):
    twins = {kept: [k for k, v in spool.LOOKALIKES.items() if v == kept] for kept in set(spool.LOOKALIKES.values())}
    typed = "".join(data.draw(st.sampled_from([ch, *twins.get(ch, [])])) for ch in code)
    casing = data.draw(st.sampled_from([str.lower, str.upper]))
    assert spool.normalize_code(casing(typed)) == code


@pytest.mark.parametrize(
    ("typed", "why"),
    [("7KX40", "has 5"), ("7KX40PP", "has 7"), ("7KX4#P", "'#'"), ("", "has 0"), ("7kx-40é", "'É'")],
)
def test_malformed_codes_are_refused_with_a_reason(typed, why):
    with pytest.raises(InputError) as err:
        spool.normalize_code(typed)
    assert why in str(err.value)


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=1))
@settings(max_examples=20)
def test_new_code_uses_only_the_alphabet(_):
    code = spool.new_code()
    assert len(code) == spool.CODE_LENGTH
    assert set(code) <= set(spool.ALPHABET)


# -- saving ------------------------------------------------------------------------


def seq_choice(codes: str):
    """A choice() that returns the characters of ``codes`` in turn (to force collisions)."""
    it = iter(codes)
    return lambda _alphabet: next(it)


def test_save_is_private_complete_and_leaves_no_temp_file(tmp_path):
    folder = tmp_path / "spool"
    code = spool.save(folder, "hello = 1\n", choice=seq_choice("7KX40P"))
    assert code == "7KX40P"
    path = folder / "7KX40P.toml"
    assert path.read_text() == "hello = 1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(p.name for p in folder.iterdir()) == ["7KX40P.toml"]


def test_a_taken_code_is_skipped_never_overwritten(tmp_path):
    first = spool.save(tmp_path, "first\n", choice=seq_choice("AAAAAA"))
    second = spool.save(tmp_path, "second\n", choice=seq_choice("AAAAAA" + "AAAAAA" + "CCCCCC"))
    assert (first, second) == ("AAAAAA", "CCCCCC")
    assert (tmp_path / "AAAAAA.toml").read_text() == "first\n"
    assert (tmp_path / "CCCCCC.toml").read_text() == "second\n"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(alphabet=spool.ALPHABET, min_size=6, max_size=6), min_size=2, max_size=8))
def test_codes_are_unique_even_when_the_random_source_repeats(tmp_path_factory, wanted):
    folder = tmp_path_factory.mktemp("spool")
    fallback = iter("".join(spool.ALPHABET[i % 26] * 6 for i in range(3, 200)))
    queue = iter("".join(wanted))

    def choice(_alphabet):
        return next(queue, None) or next(fallback)

    codes = [spool.save(folder, f"n = {i}\n", choice=choice) for i in range(len(wanted))]
    assert len(set(codes)) == len(codes)
    for i, code in enumerate(codes):
        assert spool.path_of(folder, code).read_text() == f"n = {i}\n"


def test_the_spool_must_be_a_folder(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(spool.SpoolError, match="must be a folder"):
        spool.save(target, "x")


# -- finding and purging -------------------------------------------------------------


def age(path: Path, hours: float) -> None:
    t = time.time() - hours * 3600
    os.utime(path, (t, t))


def test_find_knows_fresh_expired_and_unknown_codes(tmp_path):
    code = spool.save(tmp_path, "x = 1\n")
    assert spool.find(tmp_path, code, 24) == tmp_path / f"{code}.toml"
    with pytest.raises(spool.CodeNotFound):
        spool.find(tmp_path, "AAAAAA" if code != "AAAAAA" else "CCCCCC", 24)
    age(tmp_path / f"{code}.toml", 25)
    with pytest.raises(spool.CodeExpired):
        spool.find(tmp_path, code, 24)
    assert not (tmp_path / f"{code}.toml").exists()


def test_purge_deletes_old_summaries_and_temp_files_only(tmp_path):
    old = tmp_path / "AAAAAA.toml"
    fresh = tmp_path / "CCCCCC.toml"
    stale_tmp = tmp_path / ".spool-abc.tmp"
    foreign = tmp_path / "notes.txt"
    for p in (old, fresh, stale_tmp, foreign):
        p.write_text("x")
    for p in (old, stale_tmp, foreign):
        age(p, 30)
    age(fresh, 23)
    assert spool.purge(tmp_path, 24) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CCCCCC.toml", "notes.txt"]
    assert spool.purge(tmp_path / "missing", 24) == 0


# -- config ------------------------------------------------------------------------------


def args(**kw) -> argparse.Namespace:
    base = {"config": None, "spool": None, "idle_seconds": None, "retain_hours": None, "operator_pin_file": None}
    base.update(kw)
    return argparse.Namespace(**base)


def test_defaults_and_command_line_wins_over_the_file(tmp_path):
    cfg_file = tmp_path / "kiosk.toml"
    cfg_file.write_text('spool = "sp"\nidle_seconds = 30\nretain_hours = 2\n')
    assert resolve(args()).idle_seconds == 90
    assert resolve(args()).retain_hours == 24
    cfg = resolve(args(config=cfg_file))
    assert (cfg.spool, cfg.idle_seconds, cfg.retain_hours) == (tmp_path / "sp", 30, 2)
    cfg = resolve(args(config=cfg_file, idle_seconds=45.0, spool=Path("/x")))
    assert (cfg.spool, cfg.idle_seconds, cfg.retain_hours) == (Path("/x"), 45, 2)


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ('spool = "a"\nidle_secs = 3\n', 2, "unknown setting 'idle_secs'"),
        ('spool = "a"\n\nidle_seconds = "ten"\n', 3, "must be a number"),
        ("retain_hours = 0\n", 1, "above 0"),
        ("idle_seconds = 2\n", 1, "at least 5"),
        ("spool = 3\n", 1, "path in quotes"),
        ("[kiosk]\nspool = 'a'\n", 1, "flat list"),
        ("spool = \n", 1, "not valid TOML"),
    ],
)
def test_a_bad_config_file_says_file_and_line(tmp_path, body, line, words):
    cfg_file = tmp_path / "kiosk.toml"
    cfg_file.write_text(body)
    with pytest.raises(InputError) as err:
        read_config_file(cfg_file)
    assert str(err.value).startswith(f"{cfg_file}:{line}: ")
    assert words in str(err.value)


def test_kiosk_config_argv_round_trip(tmp_path):
    cfg = KioskConfig(spool=tmp_path, idle_seconds=30, retain_hours=1.5, operator_pin_file=tmp_path / "pin")
    assert cfg.argv() == ["--spool", str(tmp_path), "--idle-seconds", "30", "--retain-hours", "1.5",
                          "--operator-pin-file", str(tmp_path / "pin")]


def test_pin_file_rules(tmp_path):
    pin = tmp_path / "pin"
    pin.write_text("4711\n")
    pin.chmod(0o600)
    assert read_pin(pin) == "4711"
    pin.chmod(0o644)
    with pytest.raises(InputError, match="chmod 600"):
        read_pin(pin)
    pin.chmod(0o600)
    pin.write_text("12\n")
    with pytest.raises(InputError, match="4 to 64"):
        read_pin(pin)
    pin.write_text("1234\n5678\n")
    with pytest.raises(InputError, match="one line"):
        read_pin(pin)
    with pytest.raises(InputError, match="not found"):
        read_pin(tmp_path / "nope")
