"""The exported Questionnaire in a renderer ldnwizard did not write: LHC-Forms in Chromium.

LHC-Forms (the npm package ``lforms``, fetched once with ``npm pack`` into ~/.cache and
served from a temporary folder on 127.0.0.1) renders the Questionnaire, with the answers
before an urgent question filled in from ldnwizard's own QuestionnaireResponse. Picking
the urgent answer must show the stop and hide every question after it. Then "None of
these" and a symptom are picked: LHC-Forms 40 does not support ``optionExclusive`` (its
sdc-support.md lists it as not yet supported), so both stay picked; ldnwizard's import
refuses such a response (exit 2, naming the question) rather than guess. Should a later
LHC-Forms clear "None", the test checks that instead.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

from ldnwizard import fhir
from ldnwizard.core.content import conditions as cond
from ldnwizard.core.files.store import write_private
from test_fhir_support import case_paths, generated_paths, summary_of
from test_plain_support import run_cli

pytestmark = pytest.mark.browser

LFORMS = "40.1.3"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ldnwizard-tests" / f"lforms-{LFORMS}"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="lforms/webcomponent/styles.css"></head>
<body><div id="form"></div>
<script src="lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="lforms/webcomponent/lhc-forms.js"></script>
<script src="lforms/fhir/R4/lformsFHIR.min.js"></script>
</body></html>
"""


def lforms_dist() -> Path:
    """LHC-Forms' built files, from the npm registry once, then from the cache."""
    dist = CACHE / "dist" / "lforms"
    if (dist / "webcomponent" / "lhc-forms.js").is_file():
        return dist
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("node and npm are not installed (apt-get install npm) to fetch LHC-Forms")
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE.parent) as tmp:
        got = subprocess.run(
            [npm, "pack", f"lforms@{LFORMS}", "--pack-destination", tmp, "--silent"],
            capture_output=True, text=True, timeout=180, cwd=tmp,
        )
        if got.returncode != 0:
            pytest.skip(f"npm could not fetch lforms@{LFORMS}: {got.stderr.strip()[-300:]}")
        tgz = next(Path(tmp).glob("lforms-*.tgz"))
        unpacked = Path(tmp) / "unpacked"
        with tarfile.open(tgz) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith("package/dist/lforms/") and ".map" not in m.name]
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # Python 3.11.4 and later
            tar.extractall(unpacked, members=members, **safe)
        target = Path(tmp) / "ready"
        (target / "dist").mkdir(parents=True)
        (unpacked / "package" / "dist" / "lforms").rename(target / "dist" / "lforms")
        if not (dist / "webcomponent" / "lhc-forms.js").is_file():
            shutil.rmtree(CACHE, ignore_errors=True)
            target.rename(CACHE)
    return dist


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path):
    """A local web server with LHC-Forms and the page; yields its URL."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "lforms").symlink_to(lforms_dist(), target_is_directory=True)
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


def urgent_setup(bank):
    """The first stop on a choice question, the answers before it on a path that reaches it, and the value to pick."""
    lay = fhir.layout(bank)
    order = [q.id for q in bank.questions]
    for qid in order:
        for stop in lay.stops_after.get(qid, []):
            leaf = stop.node.items[0] if isinstance(stop.node, cond.AnyOf) else stop.node
            if not isinstance(leaf, (cond.Has, cond.Member)) or leaf.name != qid:
                continue
            for _, answers, _ in generated_paths(bank, 40) + case_paths(bank):
                before = {k: v for k, v in answers.items() if k in order and order.index(k) < order.index(qid)}
                if bank.shows(bank.by_id[qid], before) and bank.urgent_stop(before) is None:
                    return stop, qid, before, leaf.values[0]
    pytest.fail("no path reaches a question with an urgent answer")


def label(q, value: str) -> str:
    return next(c.label for c in q.choices if c.value == value)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_lhc_forms_shows_the_stop_and_the_import_handles_its_answers(bank, site, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    stop, qid, before, urgent_value = urgent_setup(bank)
    q = bank.by_id[qid]
    questionnaire = fhir.questionnaire(bank)
    prefill = fhir.questionnaire_response(bank, summary_of(bank, before))
    later = next(
        x for x in bank.questions
        if stop in fhir.layout(bank).disabled_by[x.id] and bank.shows(x, before) and x.kind in ("single", "multi")
    )
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(site)
            page.wait_for_function("() => window.LForms && LForms.Util && LForms.Util.convertFHIRQuestionnaireToLForms", timeout=30000)
            page.evaluate(
                """([q, qr]) => {
                    let lf = LForms.Util.convertFHIRQuestionnaireToLForms(q, 'R4');
                    lf = LForms.Util.mergeFHIRDataIntoLForms('QuestionnaireResponse', qr, lf, 'R4');
                    return LForms.Util.addFormToPage(lf, 'form', {allowHTML: true});
                }""",
                [questionnaire, prefill],
            )
            form = page.locator("#form")
            form.get_by_text(q.prompt, exact=True).wait_for(timeout=30000)
            assert later.prompt in form.inner_text()  # before the urgent answer, later questions are there
            assert stop.urgent.title not in form.inner_text()

            form.get_by_text(label(q, urgent_value), exact=True).click()
            form.get_by_text(stop.urgent.title).wait_for(timeout=10000)
            text = form.inner_text()
            assert later.prompt not in text, "a question after the urgent stop is still shown"
            urgent_qr = page.evaluate("() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4')")

            exclusive = next((c.value for c in q.choices if c.exclusive), None)
            other = next(c.value for c in q.choices if not c.exclusive and c.value != urgent_value)
            if exclusive is not None:
                form.get_by_text(label(q, urgent_value), exact=True).click()  # take the urgent answer back
                form.get_by_text(label(q, exclusive), exact=True).click()
                form.get_by_text(label(q, other), exact=True).click()
                page.wait_for_timeout(300)
                both_qr = page.evaluate("() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4')")
                none_still_checked = form.get_by_label(label(q, exclusive), exact=True).is_checked()
        finally:
            browser.close()
    assert not errors, errors

    # LHC-Forms' own response, read back by ldnwizard: the stop's finding, do-not-start.
    path = write_private(tmp_path / "lhc.json", json.dumps(urgent_qr))
    result = run_cli("summarize", str(path))
    assert result.returncode == 0, result.stderr
    assert f'id = "{stop.urgent.finding}"' in result.stdout and 'verdict = "do-not-start"' in result.stdout

    if exclusive is not None:
        picked = [
            a["valueCoding"]["code"]
            for i in _walk(both_qr.get("item", []))
            if i["linkId"] == qid
            for a in i.get("answer", [])
        ]
        path = write_private(tmp_path / "both.json", json.dumps(both_qr))
        result = run_cli("summarize", str(path))
        if none_still_checked:  # LHC-Forms 40: no optionExclusive
            assert sorted(picked) == sorted([exclusive, other])
            assert result.returncode == 2
            assert f"({qid}): {exclusive} cannot go with other choices" in result.stderr
        else:  # a renderer that honours optionExclusive
            assert picked == [other] and result.returncode == 0, result.stderr


def response_with_every_answer(bank, questionnaire: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """A response that answers every question the path answers, enabled or not (as a careless portal might)."""

    def items(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for node in nodes:
            if node["type"] == "group":
                inner = items(node["item"])
                if inner:
                    out.append({"linkId": node["linkId"], "item": inner})
            elif node["type"] != "display" and node["linkId"] in answers:
                q = bank.by_id[node["linkId"]]
                values = answers[q.id] if isinstance(answers[q.id], list) else [answers[q.id]]
                system = fhir.choice_system(bank, q.id)
                out.append({"linkId": q.id, "answer": [
                    {"valueCoding": {"system": system, "code": v}} if q.choices else
                    ({"valueDecimal": v} if q.kind == "number" else {"valueString": v})
                    for v in values
                ]})
        return out

    return {"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": items(questionnaire["item"])}


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_lhc_forms_enables_what_ldnwizard_shows(bank, site) -> None:
    """Every answer of a path given to LHC-Forms: what it keeps is what ldnwizard asks on that path."""
    sync_api = pytest.importorskip("playwright.sync_api")
    questionnaire = fhir.questionnaire(bank)
    paths = generated_paths(bank, 12) + case_paths(bank)[::3]
    stopped = 0
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(site)
            page.wait_for_function("() => window.LForms && LForms.Util && LForms.Util.convertFHIRQuestionnaireToLForms", timeout=30000)
            for name, answers, _ in paths:
                given = response_with_every_answer(bank, questionnaire, answers)
                kept = page.evaluate(
                    """async ([q, qr]) => {
                        LForms.Util.removeFormsFromPage('form');
                        let lf = LForms.Util.convertFHIRQuestionnaireToLForms(q, 'R4');
                        lf = LForms.Util.mergeFHIRDataIntoLForms('QuestionnaireResponse', qr, lf, 'R4');
                        await LForms.Util.addFormToPage(lf, 'form');
                        const out = LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4');
                        const ids = [];
                        const walk = (items) => (items || []).forEach(i => { if (i.answer) ids.push(i.linkId); walk(i.item); });
                        walk(out.item);
                        return ids;
                    }""",
                    [questionnaire, given],
                )
                want = {q.id for q in fhir.enabled_questions(bank, answers) if q.id in bank.applicable(answers)}
                assert set(kept) == want, (name, sorted(set(kept) ^ want))
                stopped += bank.urgent_stop(bank.applicable(answers)) is not None and bool(set(answers) - want)
        finally:
            browser.close()
    assert stopped, "no path had answers after an urgent stop for LHC-Forms to drop"


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.get("item", []))
        for a in item.get("answer", []):
            yield from _walk(a.get("item", []))
