"""Summary -> one self-contained HTML page for the prescriber, made to print well.

Inline CSS with a print stylesheet, no scripts, no external assets (fonts, images,
styles). Every piece of text from a file or a person is escaped: it is shown as
written and never acts as markup. Severity is carried by the level word and icon;
colour only repeats it.
"""

from __future__ import annotations

import html
from typing import Any

from ldnwizard.core.content.models import PlanFile
from ldnwizard.core.report.phrases import (
    because_line,
    first_dose,
    VERDICT_LEVEL,
    verdict_tag,
    format_value,
    medication_line,
    source_line,
    steps_line,
)
from ldnwizard.core.report.summary import Summary
from ldnwizard.core.text import printable

CSS = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --line: #c8c8c8;
  --stop: #a4161a; --wait: #9a3412; --caution: #7a5c00; --tip: #1d5e3a; --info: #274c77; }
* { box-sizing: border-box; }
html { font-size: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; padding-bottom: .2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.02rem; margin: 0 0 .35rem; }
p { margin: .35rem 0; }
.meta, .small { color: var(--muted); font-size: .875rem; }
.tag { display: inline-block; font-weight: 700; letter-spacing: .03em; white-space: nowrap;
  border: 1.5px solid currentColor; border-radius: .25rem; padding: 0 .35rem; margin-right: .35rem; }
.verdict { border: 2px solid var(--line); border-left-width: .6rem; border-radius: .35rem;
  padding: .75rem 1rem; margin-top: 1.25rem; }
.verdict h2 { border: 0; margin: 0 0 .25rem; padding: 0; font-size: .875rem; font-weight: 600; color: var(--muted); }
.verdict .headline { font-size: 1.25rem; font-weight: 700; margin: 0 0 .35rem; }
.finding { border-left: .35rem solid var(--line); padding: .4rem 0 .4rem .85rem; margin: .9rem 0; }
.level-stop { border-color: var(--stop); } .level-stop .tag { color: var(--stop); }
.level-wait { border-color: var(--wait); } .level-wait .tag { color: var(--wait); }
.level-caution { border-color: var(--caution); } .level-caution .tag { color: var(--caution); }
.level-tip { border-color: var(--tip); } .level-tip .tag { color: var(--tip); }
.level-info { border-color: var(--info); } .level-info .tag { color: var(--info); }
.verdict.level-stop, .verdict.level-wait, .verdict.level-caution, .verdict.level-tip, .verdict.level-info
  { border-top-color: var(--line); border-right-color: var(--line); border-bottom-color: var(--line); }
dl.plan { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: .5rem 0; }
dl.plan dt { font-weight: 700; }
dl.plan dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; border: 1px solid var(--line); padding: .3rem .5rem; }
thead th { background: #f1f1f1; }
table.answers th[scope="row"] { width: 52%; font-weight: 600; }
table.answers td:last-child { width: 30%; }
td.id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85em; color: var(--muted); }
ol.sources li { margin: .25rem 0; overflow-wrap: anywhere; }
.told { color: #333; }
footer { margin-top: 2rem; border-top: 2px solid var(--ink); padding-top: .75rem; }
.disclaimer { font-weight: 600; }
a { color: inherit; }
@page { size: A4; margin: 16mm 15mm 18mm; }
@media print {
  html { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  .finding, .verdict, tr, dl.plan, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  thead th { background: none; border-bottom: 2px solid var(--ink); }
  a { text-decoration: none; }
}
"""


def h(text: Any) -> str:
    """Text made safe for HTML: control characters visible, every markup character escaped."""
    return html.escape(printable(str(text)), quote=True)


def _level_tag(level: str, words: PlanFile) -> str:
    lw = words.levels.get(level)  # type: ignore[call-overload]
    word = f"{lw.icon} {lw.word}" if lw else level.upper()
    return f'<span class="tag">{h(word)}</span>'


def _url(url: str | None) -> str:
    """A source's address: a link only for http(s) addresses, plain text otherwise."""
    if not url:
        return ""
    if url.startswith(("https://", "http://")) and not any(c.isspace() for c in url):
        return f' <a href="{h(url)}">{h(url)}</a>'
    return f" {h(url)}"


def render_html(
    summary: Summary,
    words: PlanFile,
    labels: dict[str, dict[str, str]] | None = None,
    prompts: dict[str, str] | None = None,
) -> str:
    """The prescriber's page as one self-contained HTML document."""
    labels = labels or {}
    prompts = prompts or {}
    plan = summary.plan
    meta = summary.meta
    nums = {sid: i for i, sid in enumerate(summary.sources, start=1)}
    title = "LDN and benzodiazepine summary"
    if summary.patient.name:
        title += f" for {summary.patient.name}"
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{h(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{h(title)}</h1>",
        f'<p class="meta">Made {h(f"{meta.created:%Y-%m-%d %H:%M %z}")} with ldnwizard {h(meta.tool_version)}. '
        f"Question set {h(meta.question_set)} {h(meta.question_set_version)}, content reviewed {h(meta.content_reviewed)}.</p>",
        "</header>",
    ]
    level = VERDICT_LEVEL[plan.verdict]
    out += [
        f'<section class="verdict level-{level}" aria-labelledby="verdict-h">',
        f'<h2 id="verdict-h">Verdict: {h(verdict_tag(plan.verdict, words))}</h2>',
        f'<p class="headline">{h(plan.headline or plan.verdict)}</p>',
    ]
    if plan.explain:
        out.append(f"<p>{h(plan.explain)}</p>")
    out.append("</section>")

    first = first_dose(plan, words)
    out += [
        "<section>",
        "<h2>Plan to discuss</h2>",
        '<dl class="plan">',
        f"<dt>First dose</dt><dd>{h(first)}</dd>",
    ]
    if plan.dose_time_text:
        out.append(f"<dt>Time of day</dt><dd>{h(plan.dose_time_text)}</dd>")
    out.append(f"<dt>Stepping up</dt><dd>{h(plan.titration)}</dd>")
    if plan.steps:
        out.append(f"<dt>Steps</dt><dd>{h(steps_line(summary))}</dd>")
    out += ["</dl>"]
    if plan.options:
        out += ["<h3>Options to discuss</h3>", "<ul>"] + [f"<li>{h(o)}</li>" for o in plan.options] + ["</ul>"]
    out += ["</section>"]

    med = medication_line(summary)
    if med:
        out += ["<section>", "<h2>Medicine</h2>", f"<p>{h(med)}</p>"]
        note = (summary.medication or {}).get("equivalent_note")
        if note:
            out.append(f'<p class="small">{h(note)}</p>')
        out.append("</section>")

    out += ["<section>", f"<h2>Findings ({len(summary.findings)})</h2>"]
    for f in summary.findings:
        refs = ", ".join(f'<a href="#src-{nums[s]}">[{nums[s]}]</a>' if s in nums else h(s) for s in f.sources)
        out += [
            f'<article class="finding level-{h(f.level)}">',
            f"<h3>{_level_tag(f.level, words)}{h(f.title)}</h3>",
            f"<p>{h(f.provider_text)}</p>",
            f'<p class="told"><em>Patient was told:</em> {h(f.patient_text)}</p>',
            *([f'<p class="small"><em>Because:</em> {h(because_line(f.because, labels))}</p>'] if f.because else []),
            f'<p class="small">Evidence: {h(f.evidence)} ({h(words.evidence_words.get(f.evidence, f.evidence))}). '
            f"Sources: {refs}</p>",
            "</article>",
        ]
    out.append("</section>")

    if summary.unanswered:
        out += ["<section>", "<h2>Not answered</h2>", "<ul>"]
        out += [f"<li>{h(prompts.get(u, u))} <span class=\"small\">({h(u)})</span></li>" for u in summary.unanswered]
        out += ["</ul>", "</section>"]
    if summary.provider_questions:
        out += ["<section>", "<h2>Questions the patient may ask</h2>", "<ul>"]
        out += [f"<li>{h(q)}</li>" for q in summary.provider_questions]
        out += ["</ul>", "</section>"]
    if summary.answers:
        out += [
            "<section>",
            "<h2>Answers</h2>",
            '<table class="answers">',
            '<thead><tr><th scope="col">Question</th><th scope="col">Id</th><th scope="col">Answer</th></tr></thead>',
            "<tbody>",
        ]
        for k, v in summary.answers.items():
            out.append(
                f'<tr><th scope="row">{h(prompts.get(k, k))}</th><td class="id">{h(k)}</td>'
                f"<td>{h(format_value(v, labels.get(k)))}</td></tr>"
            )
        out += ["</tbody>", "</table>", "</section>"]
    if summary.sources:
        out += ["<section>", "<h2>Sources</h2>", '<ol class="sources">']
        for sid, n in nums.items():
            src = summary.sources[sid]
            text = source_line(sid, summary.model_copy(update={"sources": {sid: src.model_copy(update={"url": None})}}))
            checked = f' <span class="small">(checked {h(src.reviewed)})</span>' if src.reviewed else ""
            stop = "" if text.endswith((".", "?", "!")) else "."
            out.append(f'<li id="src-{n}">{h(text)}{stop}{_url(src.url)}{checked}</li>')
        out += ["</ol>", "</section>"]
    out += ["<footer>", f'<p class="small">Content reviewed {h(meta.content_reviewed)}.</p>']
    if summary.disclaimer:
        out.append(f'<p class="disclaimer">{h(summary.disclaimer)}</p>')
    out.append(f'<p class="crisis"><strong>{h((summary.crisis or words.crisis).strip())}</strong></p>')
    out += ["</footer>", "</main>", "</body>", "</html>", ""]
    return "\n".join(out)
