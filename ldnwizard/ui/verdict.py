"""The verdict and the findings as both views show them at the end: each with its one name and icon from the content.

:func:`verdict_of` and :func:`findings_of` give the lines as plain data (the word and icon
come from the question set's ``plan.toml``: ``[verdicts.<id>]`` and ``[levels.<id>]``);
:class:`VerdictBox` and :class:`FindingBox` are the widgets both views put them in, with the
classes ``verdict`` / ``finding`` and ``level-<level>`` that each view's CSS styles its own
way. A view adds its own text under the bold line (the wizard puts the explanation and
evidence in the box, the kiosk shows them as paragraphs below it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from ldnwizard.core.report.phrases import level_tag, verdict_level, verdict_tag
from ldnwizard.core.text import printable

if TYPE_CHECKING:
    from ldnwizard.core.content.models import PlanFile
    from ldnwizard.core.report.summary import FindingOut, Summary


@dataclass(frozen=True)
class VerdictLine:
    """The verdict: its name with its icon ("‖ WAIT"), the headline, and the style level it takes."""

    tag: str
    headline: str
    level: str

    @property
    def line(self) -> str:
        """The verdict in one line: ``<icon> <WORD>: <headline>``."""
        return f"{self.tag}: {self.headline}"


@dataclass(frozen=True)
class FindingLine:
    """One finding: its level's word with its icon ("★ TIP"), its title, and its level."""

    tag: str
    title: str
    level: str
    finding: FindingOut

    @property
    def line(self) -> str:
        """The finding in one line: ``<icon> <WORD>: <title>``."""
        return f"{self.tag}: {self.title}"


def verdict_of(summary: Summary, words: PlanFile) -> VerdictLine:
    """The summary's verdict, named as the question set names it."""
    plan = summary.plan
    return VerdictLine(verdict_tag(plan.verdict, words), plan.headline or "", verdict_level(plan.verdict))


def findings_of(summary: Summary, words: PlanFile) -> list[FindingLine]:
    """The summary's findings, in order, each named by its level's word and icon."""
    return [FindingLine(level_tag(f.level, words), f.title, f.level, f) for f in summary.findings]


def _bold_line(line: str, body: Content | None) -> Content:
    head = Content(printable(line)).stylize("bold")
    return head if body is None else Content.assemble(head, "\n", body)


class VerdictBox(Static):
    """The verdict's line in bold, and under it what the view adds (``body``); classes ``verdict level-<level>``."""

    def __init__(self, verdict: VerdictLine, body: Content | None = None, *, classes: str = "") -> None:
        super().__init__(_bold_line(verdict.line, body), classes=f"verdict level-{verdict.level} {classes}".strip())
        self.verdict = verdict


class FindingBox(Static):
    """A finding's line in bold, and under it what the view adds (``body``); classes ``finding level-<level>``."""

    def __init__(self, finding: FindingLine, body: Content | None = None, *, classes: str = "") -> None:
        super().__init__(_bold_line(finding.line, body), classes=f"finding level-{finding.level} {classes}".strip())
        self.finding = finding
