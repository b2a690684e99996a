"""Saving the summary: a path (default in the current folder), never replacing a file without asking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Static

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.errors import InputError
from ldnwizard.core.content.i18n import language_of
from ldnwizard.core.content.messages import _ as tr
from ldnwizard.core.report.patient_page import render_pages
from ldnwizard.core.report.render import choice_labels, question_prompts, render_markdown
from ldnwizard.core.files.store import write_private
from ldnwizard.core.report.summary import Summary, to_toml
from ldnwizard.tui.screens.dialogs import AskScreen
from ldnwizard.tui.text import literal
from ldnwizard.tui.widgets.keybar import KeyBar
from ldnwizard.tui.widgets.tick import TickBox
from ldnwizard.tui.widgets import steady_button, steady_input


def default_name(day: dt.date) -> str:
    """``ldn-summary-YYYY-MM-DD.toml``."""
    return f"ldn-summary-{day:%Y-%m-%d}.toml"


def markdown_path(path: Path) -> Path:
    """The Markdown copy's path: the same name ending in ``.md``."""
    return path.with_suffix(".md")


class SaveScreen(Screen[str]):
    """Ask where to save; write the TOML (and optionally Markdown); say exactly where it went.

    ``on_saved`` is called with the paths written. Dismisses with ``"back"`` (to the
    summary) or ``"finish"`` once saved. ``form`` keeps what was typed and ticked
    (``path``, ``markdown``) when the person goes back, so coming again shows it as left.
    """

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(
        self,
        summary: Summary,
        bank: Bank,
        *,
        folder: Path,
        on_saved: Callable[[list[Path]], None] | None = None,
        form: dict | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.summary, self.bank, self.folder, self.on_saved = summary, bank, folder, on_saved
        self.form = form if form is not None else {}
        self.saved: list[Path] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(tr("save.title"), id="step")
        with Vertical(id="save-body"):
            with Vertical(id="save-form"):
                yield Static(tr("save.file_name"), classes="label")
                path = self.form.get("path") or default_name(self.summary.meta.created.date())
                yield steady_input(value=path, id="path", select_on_focus=False)
                yield Static(id="error")
                yield TickBox(tr("save.markdown"), self.form.get("markdown", False), id="markdown")
            with Vertical(id="save-done"):
                yield Static(id="done")
        with Horizontal(id="nav"):
            yield steady_button(tr("tui.back"), id="back")
            yield steady_button(tr("tui.save"), id="save", variant="primary")
            yield steady_button(tr("tui.finish"), id="finish", variant="success")
        yield KeyBar((tr("keys.enter"), tr("keys.save")), (tr("keys.space"), tr("keys.tick")), (tr("keys.tab"), tr("keys.move")), (tr("keys.esc"), tr("keys.back")))

    def on_mount(self) -> None:
        self.query_one("#error").display = False
        self.query_one("#save-done").display = False
        self.query_one("#finish").display = False
        self.query_one("#path", Input).focus()

    def target(self) -> Path:
        """The absolute path the person asked for."""
        typed = Path(self.query_one("#path", Input).value.strip()).expanduser()
        return (typed if typed.is_absolute() else self.folder / typed).resolve()

    def show_error(self, message: str) -> None:
        """A message beside the field."""
        error = self.query_one("#error", Static)
        error.update(literal(f"⚠ {message}"))
        error.display = True

    def action_back(self) -> None:
        """Back to the summary; what was typed and ticked is kept for the next visit."""
        if not self.saved:
            self.form["path"] = self.query_one("#path", Input).value
            self.form["markdown"] = self.query_one("#markdown", Checkbox).value
        self.dismiss("back")

    @on(Input.Changed, "#path")
    def _typed(self) -> None:
        self.query_one("#error").display = False  # a message about the old path no longer applies

    @on(Input.Submitted, "#path")
    @on(TickBox.Submitted, "#markdown")
    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.save()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#finish")
    def _finish(self) -> None:
        self.dismiss("finish")

    @work(exclusive=True)
    async def save(self) -> None:
        """Write the file(s), asking before replacing anything."""
        if self.saved:
            return
        if not self.query_one("#path", Input).value.strip():
            self.show_error(tr("save.no_name"))
            return
        path = self.target()
        if path.is_dir():  # a folder: the usual file name inside it
            path = path / default_name(self.summary.meta.created.date())
        if path.suffix.lower() != ".toml":
            path = path.with_name(path.name + ".toml")
        paths = [path]
        if self.query_one("#markdown", Checkbox).value:
            paths.append(markdown_path(path))
        existing = [p for p in paths if p.exists() and not p.is_dir()]
        force = False
        if existing:
            names = tr("save.names_joiner").join(str(p) for p in existing)
            force = await self.app.push_screen_wait(
                AskScreen(tr("save.exists", names=names), tr("save.replace"), tr("save.keep"))
            )
            if not force:
                self.query_one("#path", Input).focus()
                return
        texts = [to_toml(self.summary)]
        if len(paths) > 1:
            labels, prompts = choice_labels(self.bank.questions), question_prompts(self.bank.questions)
            if language_of(self.bank) == "en":
                texts.append(render_markdown(self.summary, self.bank.plan, labels, prompts))
            else:  # the person's page in their language, then the prescriber's in English
                texts.append(render_pages(self.summary, self.bank, [language_of(self.bank), "en"], "markdown"))
        try:
            for p, text in zip(paths, texts):
                write_private(p, text, force=force)
                self.saved.append(p)
        except InputError as exc:
            self.show_error(exc.message[:1].upper() + exc.message[1:] + f" ({exc.path or path})")
            return
        self._show_done()
        if self.on_saved is not None:
            self.on_saved(list(self.saved))

    def _show_done(self) -> None:
        lines = [tr("save.saved", path=self.saved[0])]
        if len(self.saved) > 1:
            lines.append(tr("save.saved_copy", path=self.saved[1]))
        lines.append(tr("save.send"))
        self.query_one("#done", Static).update(literal("\n\n".join(lines)))
        self.query_one("#save-form").display = False
        self.query_one("#save-done").display = True
        self.query_one("#save").display = False
        self.query_one("#finish").display = True
        self.query_one("#finish", Button).focus()
        self.query_one(KeyBar).show((tr("keys.enter"), tr("keys.finish")), (tr("keys.esc"), tr("keys.back_to_summary")))
        self.form.clear()
