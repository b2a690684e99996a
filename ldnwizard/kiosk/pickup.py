"""``ldnwizard pickup CODE``: the pharmacist's side of the kiosk (no Textual).

It reads the kiosk's settings (``--config``, ``LDNWIZARD_CONFIG``, ``LDNWIZARD_SPOOL``),
so it looks in the same spool and keeps summaries as long as the kiosk does: expired
ones are deleted here too. A spool folder that is a symbolic link or open to other
users is refused, and a spool file that is a symbolic link is never followed.
"""

from __future__ import annotations

import argparse
import sys

from ldnwizard.core.files import spool
from ldnwizard.core.errors import InputError
from ldnwizard.kiosk.config import resolve


def run_pickup(args: argparse.Namespace) -> int:
    """Show (or export with ``-o``) the summary saved under a code. Exit 1 if the code is unknown or expired."""
    from ldnwizard.core.content.load import load_bank
    from ldnwizard.core.files.store import refuse_existing, write_out
    from ldnwizard.core.report.summary import read_summary

    cfg = resolve(args)
    code = spool.normalize_code(args.code)
    shown = spool.display_code(code)
    refuse_existing(args.output, args.force)
    present = cfg.spool.exists() or cfg.spool.is_symlink()  # a missing spool: "no summary under code" below
    if present:
        try:
            spool.check_spool(cfg.spool)
        except spool.SpoolError as exc:
            raise InputError(str(exc)) from None
    try:
        path = spool.find(cfg.spool, code, cfg.retain_hours)
    except spool.CodeNotFound:
        _tell_staff(cfg, "staff.pickup_not_found", code=shown, spool=cfg.spool, hours=f"{cfg.retain_hours:g}")
        return 1
    except spool.CodeExpired:
        _tell_staff(cfg, "staff.pickup_expired", code=shown, hours=f"{cfg.retain_hours:g}")
        return 1
    finally:
        if present:
            _purge(cfg)
    summary = read_summary(path)
    fmt = args.format
    if fmt is None:
        fmt = "toml" if args.output is not None and args.output.suffix.lower() == ".toml" else "text"
    if fmt == "toml":
        from ldnwizard.core.files.tomlfile import read_text

        text = read_text(path)  # the one safe reader, as read_summary just used
    else:
        from ldnwizard.core.report.patient_page import render_pages

        # the pharmacist's page in English; --lang es,en puts the customer's page in Spanish first
        text = render_pages(summary, load_bank(args.questions), getattr(args, "lang", None) or ["en"], fmt)
    write_out(text, args.output, force=args.force, what=f"Summary {shown}")
    return 0


def _tell_staff(cfg, key: str, **values: object) -> None:
    """One line for the pharmacist, in the kiosk's own language (its settings' ``language``), like the staff screens."""
    from ldnwizard.core.content.messages import message

    print(f"ldnwizard: {message(key, cfg.language, **values)}", file=sys.stderr)


def _purge(cfg) -> None:
    """The kiosk's retention, enforced here too (a pharmacist without delete rights gets a warning)."""
    try:
        spool.purge(cfg.spool, cfg.retain_hours)
    except spool.SpoolError as exc:
        print(f"ldnwizard: warning: {exc}", file=sys.stderr)
