"""The person's summary: verdict, plan, findings with level words and icons, open questions, sources."""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterator

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Static

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.answering.flow import Flow
from ldnwizard.core.content.messages import _ as tr, current_language
from ldnwizard.core.report.phrases import first_dose, medication_line, source_line, steps_line
from ldnwizard.core.report.summary import Summary, build_summary
from ldnwizard.core.text import printable
from ldnwizard.tui.text import literal, paragraph
from ldnwizard.tui.widgets.keybar import KeyBar
from ldnwizard.tui.widgets import steady_button
from ldnwizard.ui.verdict import FindingBox, VerdictBox, findings_of, verdict_of

Clock = Callable[[], dt.datetime]


def make_summary(flow: Flow, clock: Clock | None = None) -> Summary:
    """The summary of the flow's answers, made at ``clock()`` (default: now)."""
    return build_summary(flow.bank, flow.assessment(), created=clock() if clock else None)


def heading(text: str) -> Static:
    """A section heading of the summary."""
    return Static(text, classes="heading", markup=False)


def _patient_page():
    from ldnwizard.core.report import patient_page

    return patient_page


def summary_widgets(summary: Summary, bank: Bank) -> Iterator[Widget]:
    """The summary as widgets, top to bottom (usable in any container)."""
    words = bank.plan
    plan = summary.plan
    with_name = f"  ({summary.patient.name})" if summary.patient.name else ""
    # One widget per box (verdict, each finding): the summary opens in far less time than
    # with a container of three Statics each.
    yield VerdictBox(verdict_of(summary, words), paragraph(plan.explain) if plan.explain else None)
    yield heading(tr("tui.plan") + printable(with_name))
    yield Static(literal(tr("tui.first_dose", text=first_dose(plan, words))), classes="item")
    if plan.dose_time_text:
        yield Static(literal(tr("tui.time_of_day", text=plan.dose_time_text)), classes="item")
    yield Static(literal(plan.titration), classes="item")
    if plan.steps:
        steps = steps_line(summary) if current_language() == "en" else _patient_page().steps_text(summary, current_language())
        yield Static(literal(tr("tui.steps", text=steps)), classes="item")
    if plan.options:
        yield heading(tr("tui.options"))
        for option in plan.options:
            yield Static(literal(f"• {option}"), classes="item")
    med = medication_line(summary) if current_language() == "en" else _patient_page().medicine_text(summary, current_language())
    if med:
        yield heading(tr("tui.medicine"))
        yield Static(Content(med), classes="item")
    yield heading(tr("tui.findings", n=len(summary.findings)))
    numbers = {sid: i for i, sid in enumerate(summary.sources, start=1)}
    for line in findings_of(summary, words):
        f = line.finding
        refs = "; ".join(f"[{numbers[s]}] {summary.sources[s].title or summary.sources[s].description}" if s in numbers else s for s in f.sources)
        evidence = words.evidence_words.get(f.evidence, f.evidence)
        yield FindingBox(
            line,
            Content.assemble(
                paragraph(f.patient_text),
                "\n",
                (printable(tr("tui.evidence", words=evidence, refs=refs)), "$foreground-muted"),
            ),
        )
    if summary.unanswered:
        yield heading(tr("tui.not_answered"))
        for qid in summary.unanswered:
            q = bank.by_id.get(qid)
            yield Static(literal(f"• {q.prompt if q else qid}"), classes="item")
    if summary.provider_questions:
        yield heading(tr("tui.questions"))
        for ask in summary.provider_questions:
            yield Static(literal(f"• {ask}"), classes="item")
    if summary.sources:
        yield heading(tr("tui.sources"))
        for sid, n in numbers.items():
            yield Static(Content(f"[{n}] {source_line(sid, summary)}"), classes="item")
    if summary.disclaimer:
        yield Static(paragraph(summary.disclaimer), classes="disclaimer")
    yield Static(paragraph((summary.crisis or words.crisis).strip()), classes="crisis")  # every summary ends with them


class SummaryScreen(Screen[str]):
    """Show the summary of a flow. Dismisses with ``"back"`` or, when ``can_save``, ``"save"``.

    ``summary`` is built once, when the screen is made, with ``clock`` for its time.
    """

    BINDINGS = [Binding("escape", "back", "Back"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, flow: Flow, *, clock: Clock | None = None, can_save: bool = True, name: str | None = None) -> None:
        super().__init__(name=name)
        self.flow = flow
        self.can_save = can_save
        self.summary = make_summary(flow, clock)

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(tr("tui.your_summary"), id="step")
        with VerticalScroll(id="summary"):
            yield from summary_widgets(self.summary, self.flow.bank)
        with Horizontal(id="nav"):
            yield steady_button(tr("tui.back"), id="back")
            if self.can_save:
                yield steady_button(tr("tui.save_more"), id="save", variant="primary")
        save = [("Ctrl+S", tr("keys.save"))] if self.can_save else []
        yield KeyBar(("↑↓", tr("keys.scroll")), *save, (tr("keys.esc"), tr("keys.back")))

    def on_mount(self) -> None:
        self.query_one("#summary", VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Save only where saving is offered."""
        return self.can_save if action == "save" else True

    def action_back(self) -> None:
        """Back to the review."""
        self.dismiss("back")

    def action_save(self) -> None:
        """Go on to saving."""
        self.dismiss("save")

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss("back")

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss("save")
