"""The printable page: Markdown and self-contained HTML for each verdict, with everything escaped."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ldnwizard.core.answering.answers import check_answers
from ldnwizard.core.answering.assess import assess
from ldnwizard.core.report.render import choice_labels, question_prompts, render_markdown, render_text
from ldnwizard.core.report.render_html import render_html
from ldnwizard.core.files.store import write_private
from ldnwizard.core.report.summary import Summary, build_summary, to_toml
from test_plain_support import VERDICT_ANSWERS, run_cli

CREATED = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.timezone.utc)
NASTY = "<script>alert(1)</script> [red]x"


def make_summary(bank, verdict: str, name: str | None = None) -> Summary:
    checked = check_answers(bank, VERDICT_ANSWERS[verdict])
    patient = {"name": name} if name else {}
    summary = build_summary(bank, assess(bank, checked.answers, patient), created=CREATED)
    assert summary.plan.verdict == verdict
    return summary


def pages(bank, summary: Summary) -> tuple[str, str]:
    labels, prompts = choice_labels(bank.questions), question_prompts(bank.questions)
    return render_markdown(summary, bank.plan, labels, prompts), render_html(summary, bank.plan, labels, prompts)


class _Text(HTMLParser):
    """The visible text of a page, the tags used, and every address it would load."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.loads: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("style", "title"):
            self._skip += 1
        for key, value in attrs:
            if key == "src" or (tag == "link" and key == "href"):
                self.loads.append(value or "")

    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def visible(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("verdict", list(VERDICT_ANSWERS))
def test_markdown_page_for_each_verdict(bank, verdict: str) -> None:
    summary = make_summary(bank, verdict)
    md, _ = pages(bank, summary)
    words = bank.plan
    vt = words.verdicts[verdict]
    assert f"## Verdict: {vt.icon} {vt.word}: {vt.headline}" in md
    assert "## Plan to discuss" in md
    assert "## Options to discuss" in md and "Not taking LDN" in md
    if verdict == "do-not-start":
        assert "Time of day" not in md and " mg a day" not in md.split("## Medicine")[0]
    for f in summary.findings:
        lw = words.levels[f.level]
        assert f"### {lw.icon} {lw.word}: " in md
        assert f.title in md.replace("\\", "")
    sources = re.findall(r"^(\d+)\. ", md.split("## Sources", 1)[1], re.M)
    assert [int(n) for n in sources] == list(range(1, len(summary.sources) + 1))
    table = md.split("## Answers", 1)[1].split("##", 1)[0]
    assert "| Question | Id | Answer |" in table
    assert "| Do you take any opioid, or have you taken one in the last 2 weeks? | opioids | " in table
    assert table.count("\n| ") == len(summary.answers) + 2  # header, rule, one row per answer
    assert f"Content reviewed {bank.questionnaire.reviewed}." in md
    assert "Never stop or change a benzo or an opioid dose on your own.*" in md
    assert md.rstrip().endswith("(A&E).**")  # every summary ends with the crisis lines


@pytest.mark.parametrize("verdict", list(VERDICT_ANSWERS))
def test_html_page_for_each_verdict(bank, verdict: str) -> None:
    summary = make_summary(bank, verdict)
    _, page = pages(bank, summary)
    words = bank.plan
    seen = visible(page)
    text = " ".join("".join(seen.text).split())
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert seen.loads == []  # no external assets
    assert "script" not in seen.tags and "link" not in seen.tags and "img" not in seen.tags
    assert "@media print" in page and "@page" in page
    assert f"Verdict: {words.verdicts[verdict].icon} {words.verdicts[verdict].word}" in text
    assert "call or text 988" in text.split("Content reviewed")[-1]
    assert words.verdicts[verdict].headline in text
    for f in summary.findings:
        lw = words.levels[f.level]
        assert f"{lw.icon} {lw.word}{f.title}" in text.replace(f"{lw.word} ", lw.word)
    assert page.count('<li id="src-') == len(summary.sources)
    assert page.count("<tr><th scope=\"row\">") == len(summary.answers)
    assert "Do you take any opioid, or have you taken one in the last 2 weeks?" in text
    assert f"Content reviewed {bank.questionnaire.reviewed}." in text
    assert "Never stop or change a benzo or an opioid dose on your own." in text


def test_markdown_and_html_escape_names(bank) -> None:
    summary = make_summary(bank, "start-low", name=NASTY + "\x1b[31m")
    md, page = pages(bank, summary)
    assert "<script>" not in md and "[red]" not in md
    assert "\\<script\\>alert(1)\\</script\\> \\[red\\]x\\\\x1b\\[31m" in md
    assert "<script>" not in page and "\x1b" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [red]x\\x1b[31m" in page
    assert "script" not in visible(page).tags
    text = render_text(summary, bank.plan, choice_labels(bank.questions))
    assert "\x1b" not in text


def test_text_from_a_summary_file_is_escaped_everywhere(bank) -> None:
    summary = make_summary(bank, "wait")
    bad = '<img src=x onerror=alert(1)>"'
    first = summary.findings[0].model_copy(update={"title": bad, "provider_text": bad})
    src_id = next(iter(summary.sources))
    src = summary.sources[src_id].model_copy(update={"title": bad, "url": "javascript:alert(1)"})
    summary = summary.model_copy(
        update={"findings": [first, *summary.findings[1:]], "sources": {**summary.sources, src_id: src}}
    )
    _, page = pages(bank, summary)
    assert "<img" not in page and "href=\"javascript" not in page
    assert html.escape(bad, quote=True) in page
    assert "img" not in visible(page).tags


def test_source_urls_are_links_only_when_http(bank) -> None:
    summary = make_summary(bank, "standard")
    ids = list(summary.sources)
    web = summary.sources[ids[0]].model_copy(update={"url": "https://example.org/a?b=1&c=\"2\""})
    other = summary.sources[ids[1]].model_copy(update={"url": "data:text/html,<b>x</b>"})
    summary = summary.model_copy(update={"sources": {**summary.sources, ids[0]: web, ids[1]: other}})
    _, page = pages(bank, summary)
    assert '<a href="https://example.org/a?b=1&amp;c=&quot;2&quot;">' in page
    assert 'href="data:' not in page and "data:text/html,&lt;b&gt;x&lt;/b&gt;" in page


def test_show_command_formats(bank, tmp_path: Path) -> None:
    summary = make_summary(bank, "do-not-start", name=NASTY)
    path = write_private(tmp_path / "s.toml", to_toml(summary))
    for fmt, start in (("markdown", "# LDN and benzodiazepine summary for \\<script\\>"), ("html", "<!DOCTYPE html>")):
        result = run_cli("show", str(path), "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(start)
        assert "<script>alert" not in result.stdout
    bad = run_cli("show", str(path), "--format", "pdf")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")
def test_html_prints_to_pdf_in_chromium(bank, tmp_path: Path) -> None:
    summary = make_summary(bank, "wait", name=NASTY)
    _, page = pages(bank, summary)
    html_path = tmp_path / "page.html"
    html_path.write_text(page, encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
            "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html_path.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert pdf.read_bytes().startswith(b"%PDF")
