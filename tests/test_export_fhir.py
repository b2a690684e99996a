"""FHIR R4: the Questionnaire, a summary's QuestionnaireResponse, and a response read back.

Everything is checked against the question set itself (its questions, urgent blocks,
choices and cases), so the tests follow the content. Validation with the FHIR
libraries, the JSON schema and the invariants is in test_fhir_validation.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from ldnwizard import fhir
from ldnwizard.core.answering.answers import check_answers
from ldnwizard.core.answering.assess import assess
from ldnwizard.core.content.welcome import default_questions_dir
from ldnwizard.core.content.load import load_bank
from ldnwizard.core.files.store import write_private
from ldnwizard.core.report.summary import to_toml
from test_fhir_support import CREATED, case_paths, fhir_enabled, generated_paths, summary_of, walk
from test_plain_support import run_cli, write_answers

BASE = fhir.DEFAULT_BASE


@pytest.fixture(scope="module")
def paths(bank) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    return generated_paths(bank) + case_paths(bank)


@pytest.fixture(scope="module")
def qn(bank) -> dict[str, Any]:
    return fhir.questionnaire(bank)


def items_by_id(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["linkId"]: i for i in walk(resource["item"])}


def parents(resource: dict[str, Any]) -> dict[str, list[str]]:
    """linkId -> the linkIds of its ancestors, outermost first."""
    out: dict[str, list[str]] = {}

    def visit(items, chain):
        for i in items:
            out[i["linkId"]] = chain
            visit(i.get("item", []), chain + [i["linkId"]])

    visit(resource["item"], [])
    return out


def a_case(bank, paths, test) -> tuple[str, dict[str, Any], dict[str, str]]:
    for path in paths:
        if test(summary_of(bank, path[1], path[2])):
            return path
    pytest.fail("no answer path has this outcome")


# ---------------------------------------------------------------- the Questionnaire


def test_questionnaire_covers_every_question(bank, qn) -> None:
    items = list(walk(qn["item"]))
    questions = [i for i in items if i["type"] not in ("group", "display")]
    assert [i["linkId"] for i in questions] == [q.id for q in bank.questions]
    assert len({i["linkId"] for i in items}) == len(items)  # linkIds are unique
    assert qn["url"] == f"{BASE}/Questionnaire/{bank.questionnaire.id}" and qn["version"] == bank.questionnaire.version
    assert qn["experimental"] is False and qn["language"] == "en" and qn["text"]["status"] == "generated"
    assert qn["meta"]["profile"] == ["http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"]
    assert "urn:ldnwizard" not in json.dumps(qn)  # every URL resolvable under the base or HL7's
    by_id = {i["linkId"]: i for i in questions}
    for q in bank.questions:
        item = by_id[q.id]
        assert item["text"] == q.prompt
        assert item["code"] == [{"system": f"{BASE}/CodeSystem/{bank.questionnaire.id}-questions", "code": q.id}]
        assert item["type"] == {"single": "choice", "multi": "choice", "number": "decimal", "text": "string"}[q.kind]
        assert item["required"] is (not q.optional)
        assert item.get("repeats", False) is (q.kind == "multi")
        if q.choices:
            codes = [o["valueCoding"]["code"] for o in item["answerOption"]]
            assert codes == [c.value for c in q.choices]
            assert {o["valueCoding"]["system"] for o in item["answerOption"]} == {fhir.choice_system(bank, q.id)}
        if q.show_if:
            assert {"url": f"{BASE}/StructureDefinition/show-if", "valueString": q.show_if} in item["extension"]
            assert item["enableWhen"], f"{q.id}: every shipped show-if can be expressed"
        else:
            assert "enableWhen" not in item
    assert fhir.not_expressed(bank) == {}


def test_exclusive_options_bounds_units_and_hints(bank, qn) -> None:
    items = items_by_id(qn)
    exclusive = hints = numbers = 0
    for q in bank.questions:
        item = items[q.id]
        for choice, option in zip(q.choices, item.get("answerOption", [])):
            flag = {"url": fhir.EXT_OPTION_EXCLUSIVE, "valueBoolean": True}
            assert (flag in option.get("extension", [])) is choice.exclusive, (q.id, choice.value)
            exclusive += choice.exclusive
            xhtml = option["valueCoding"].get("_display", {}).get("extension", [{}])[0].get("valueString", "")
            assert (choice.hint is not None) == bool(xhtml)
            if choice.hint:
                assert choice.hint.replace("&", "&amp;") in xhtml and xhtml.startswith(choice.label.replace("&", "&amp;"))
                hints += 1
        if q.kind == "number":
            numbers += 1
            ext = {e["url"]: e for e in item["extension"]}
            if q.minimum is not None:
                assert ext[fhir.EXT_MIN]["valueDecimal"] == q.minimum
            if q.maximum is not None:
                assert ext[fhir.EXT_MAX]["valueDecimal"] == q.maximum
            unit = ext[fhir.EXT_UNIT]["valueCoding"]
            assert unit["display"] == q.unit
            ucum = {"mg": "mg", "doses a day": "{doses}/d"}
            if q.unit in ucum:
                assert unit == {"system": "http://unitsofmeasure.org", "code": ucum[q.unit], "display": q.unit}
    assert exclusive and hints and numbers  # the shipped set has each of these


def test_urgent_blocks_stop_the_form(bank, qn) -> None:
    items, chain = items_by_id(qn), parents(qn)
    lay = fhir.layout(bank)
    assert bank.questionnaire.urgent
    for urgent in bank.questionnaire.urgent:
        stops = [i for i in items.values() if i["linkId"].startswith(f"stop-{urgent.id}")]
        assert stops, urgent.id
        for stop in stops:
            assert stop["type"] == "display" and stop["enableWhen"]
            assert urgent.title in stop["text"] and urgent.text.strip() in stop["text"]
            xhtml = stop["_text"]["extension"][0]["valueString"]
            assert xhtml.startswith("<p><strong>") and xhtml.count("<p>") + xhtml.count("<li>") >= 2
    for q in bank.questions:
        for stop in lay.disabled_by[q.id]:
            assert f"after-{stop.link_id}" in chain[q.id] or f"section-{bank.by_id[q.id].section}-after-{stop.link_id}" in chain[q.id]


def test_enable_when_says_what_the_wizard_does(bank, qn, paths) -> None:
    """For every answer path: the questions, stops and groups a renderer enables are the ones ldnwizard shows."""
    sections = {f"section-{s.id}": [q.id for q in bank.questions if q.section == s.id] for s in bank.questionnaire.sections}
    stopped = hidden_groups = 0
    lay = fhir.layout(bank)
    stops = [(s, qid) for qid, ss in lay.stops_after.items() for s in ss]
    for name, answers, _ in paths:
        kept = bank.applicable(answers)
        on = fhir_enabled(qn, kept)
        want = {q.id for q in fhir.enabled_questions(bank, kept)}
        assert on & set(bank.by_id) == want, name
        facts = bank.facts(kept)
        for stop, after in stops:  # a stop shows when its part of `when` is true (its question is enabled)
            assert (stop.link_id in on) is (stop.node.evaluate(facts) and after in want), (name, stop.link_id)
        if bank.urgent_stop(kept) is not None:
            stopped += 1
            assert len(want) < len([q for q in bank.questions if bank.shows(q, kept)]) or not [
                q for q in bank.questions if q.id not in want and bank.shows(q, kept)
            ]
        for group, members in sections.items():
            if members:
                assert (group in on) is any(m in want for m in members), (name, group)
                hidden_groups += group not in on
    assert stopped, "no answer path reaches an urgent stop"
    assert hidden_groups, "no answer path hides a section group"
    assert any("enableWhen" in items_by_id(qn)[g] for g in sections if g in items_by_id(qn))


@pytest.fixture
def odd_set(tmp_path: Path) -> Path:
    """A copy of the shipped set with show-ifs that enableWhen can and cannot say."""
    target = tmp_path / "set"
    shutil.copytree(default_questions_dir(), target)
    path = target / "questionnaire.toml"
    text = path.read_text(encoding="utf-8")

    def add(qid: str, show_if: str) -> None:
        nonlocal text
        text, n = re.subn(rf'(\nid = "{qid}"\nsection = "[a-z_-]+"\n)', lambda m: m.group(1) + f"show_if = '{show_if}'\n", text)
        assert n == 1, qid

    add("thyroid", "diazepam_mg_per_day > 10")
    add("liver_disease", '(opioids == "no" or cns_sensitivity == "no") and mood_history == "no"')
    add("pregnancy", 'opioids == "no" and benzo_dose_mg <= 10')
    path.write_text(text, encoding="utf-8")
    return target


def test_show_if_that_cannot_be_expressed_is_said_so(odd_set: Path) -> None:
    bank = load_bank(odd_set, check_reach=False)
    resource = fhir.questionnaire(bank)
    items = items_by_id(resource)
    for qid in ("thyroid", "liver_disease"):
        item = items[qid]
        assert "enableWhen" not in item and item["required"] is False
        note = next(e for e in item["extension"] if e["url"] == f"{BASE}/StructureDefinition/show-if-not-expressed")
        assert bank.by_id[qid].show_if in note["valueString"]
    assert "worked out from answers" in fhir.not_expressed(bank)["thyroid"]
    preg = items["pregnancy"]
    assert preg["enableBehavior"] == "all" and preg["required"] is True
    assert {"question": "benzo_dose_mg", "operator": "<=", "answerDecimal": 10} in preg["enableWhen"]
    result = run_cli("questions", "--questions", str(odd_set))
    assert result.returncode == 0, result.stderr
    assert "thyroid: show-if not expressed as enableWhen" in result.stderr


def test_an_urgent_stop_that_cannot_be_said_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "set"
    shutil.copytree(default_questions_dir(), target)
    path = target / "questionnaire.toml"
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(
        r"(\[\[urgent\]\]\nid = \"[a-z-]+\"\nwhen = )'([^']+)'",
        lambda m: m.group(1) + "'(" + m.group(2) + ') and (diazepam_mg_per_day > 1 or opioids == "yes")' + "'",
        text,
        count=1,
    )
    assert n == 1
    path.write_text(text, encoding="utf-8")
    bank = load_bank(target, check_reach=False)
    assert any(k.startswith("urgent ") for k in fhir.not_expressed(bank))
    result = run_cli("questions", "--questions", str(target))
    assert result.returncode == 2 and "so a form would not stop there" in result.stderr and not result.stdout


def test_bundle_has_every_definition_the_export_uses(bank) -> None:
    bundle, _ = fhir.bundle(bank, "https://clinic.example/fhir/")
    assert bundle["type"] == "collection"
    resources = {e["resource"]["url"]: e["resource"] for e in bundle["entry"]}
    assert all(e["fullUrl"] == e["resource"]["url"] for e in bundle["entry"])
    qn = resources["https://clinic.example/fhir/Questionnaire/ldn-benzo"]
    summary = summary_of(bank, *paths_with_findings(bank))
    qr = fhir.questionnaire_response(bank, summary, base="https://clinic.example/fhir")
    used = set(re.findall(r'"(https://clinic\.example/fhir/(?:CodeSystem|StructureDefinition)/[^"|]+)"', json.dumps([qn, qr])))
    assert used and used <= set(resources), used - set(resources)
    for r in resources.values():
        if r["resourceType"] == "CodeSystem":
            assert r["count"] == len(r["concept"]) and r["version"] == bank.questionnaire.version
    for q in bank.questions:  # a hint is the definition of its code
        for c in q.choices:
            if c.hint:
                system = resources[fhir.choice_system(bank, q.id, "https://clinic.example/fhir")]
                assert {"code": c.value, "display": c.label, "definition": c.hint} in system["concept"]
    assert "rxnorm" not in json.dumps(bundle).lower()  # no codes that could not be checked here


def paths_with_findings(bank) -> tuple[dict[str, Any], dict[str, str]]:
    for _, answers, patient in generated_paths(bank):
        if summary_of(bank, answers, patient).findings:
            return answers, patient
    raise AssertionError("no generated path has findings")


# ---------------------------------------------------------------- the QuestionnaireResponse


def test_response_status_identity_and_privacy(bank, paths) -> None:
    statuses = set()
    for name, answers, patient in paths:
        summary = summary_of(bank, answers, patient)
        qr = fhir.questionnaire_response(bank, summary)
        enabled = fhir.enabled_questions(bank, summary.answers)
        missing = [q.id for q in enabled if not q.optional and not q.patient_field and q.id not in summary.answers]
        assert qr["status"] == ("in-progress" if missing else "completed"), name
        statuses.add(qr["status"])
        answered = {i["linkId"] for i in walk(qr.get("item", [])) if "answer" in i}
        assert answered == {q.id for q in enabled if q.id in summary.answers}, name
        assert "subject" not in qr and "author" not in qr and "name" not in answered
        assert qr["questionnaire"] == f"{BASE}/Questionnaire/ldn-benzo|{bank.questionnaire.version}"
        assert qr["authored"] == CREATED.isoformat()
        again = fhir.questionnaire_response(bank, summary_of(bank, answers, patient))
        assert (again["id"], again["identifier"]) == (qr["id"], qr["identifier"])  # a re-export is recognisable
        assert re.fullmatch(r"[A-Za-z0-9.-]{1,64}", qr["id"])
    assert statuses == {"completed", "in-progress"}


def test_subject_author_and_name_only_when_asked(bank, paths) -> None:
    name, answers, _ = paths[0]
    summary = summary_of(bank, answers, {"name": "J. <Doe>"})
    plain = json.dumps(fhir.questionnaire_response(bank, summary))
    assert "Doe" not in plain
    qr = fhir.questionnaire_response(
        bank, summary, subject="Patient/123", author="Practitioner/7", include_name=True, base="https://clinic.example/fhir"
    )
    assert qr["subject"] == {"reference": "Patient/123"} and qr["author"] == {"reference": "Practitioner/7"}
    for obs in qr["contained"]:
        assert obs["subject"] == {"reference": "Patient/123"} and obs["performer"] == [{"reference": "Practitioner/7"}]
    names = [i for i in walk(qr["item"]) if i["linkId"] == "name"]
    assert names[0]["answer"] == [{"valueString": "J. <Doe>"}]
    assert "&lt;Doe&gt;" in qr["text"]["div"] or "Doe" not in qr["text"]["div"]
    assert qr["questionnaire"].startswith("https://clinic.example/fhir/Questionnaire/")


def test_plan_and_findings_are_standard_observations(bank, paths) -> None:
    seen_no_dose = seen_dose = 0
    for name, answers, patient in paths:
        summary = summary_of(bank, answers, patient)
        qr = fhir.questionnaire_response(bank, summary)
        contained = {c["id"]: c for c in qr["contained"]}
        plan = contained["plan"]
        assert plan["valueCodeableConcept"]["coding"][0]["code"] == summary.plan.verdict
        parts = {c["code"]["coding"][0]["code"]: c for c in plan.get("component", [])}
        if summary.plan.verdict == "do-not-start" or summary.plan.start_dose_mg is None:
            assert not {"start-dose", "dose-time", "steps", "titration"} & set(parts), name
            seen_no_dose += 1
        else:
            assert parts["start-dose"]["valueQuantity"] == {
                "value": summary.plan.start_dose_mg, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"
            }
            seen_dose += 1
        assert {"reference": "#"} in plan["derivedFrom"]
        for d in summary.plan.decided_by:
            assert {"reference": f"#finding-{d}"} in plan["derivedFrom"]
        for f in summary.findings:
            obs = contained[f"finding-{f.id}"]
            assert obs["code"]["coding"][0]["code"] == f.id and obs["code"]["text"] == f.title
            assert obs["valueString"] == f.provider_text
            assert obs["interpretation"][0]["coding"][0]["code"] == f.level
            assert obs["derivedFrom"] == [{"reference": "#"}]
            if f.because:
                assert any(n["text"].startswith("Because of the answers: ") for n in obs["note"])
        assert "extension" not in qr  # nothing a renderer could drop
    assert seen_no_dose and seen_dose


# ---------------------------------------------------------------- reading a response back


def round_trip(bank, answers, patient, **options) -> tuple[Any, Any]:
    summary = summary_of(bank, answers, patient)
    data = json.loads(fhir.to_json(fhir.questionnaire_response(bank, summary, **options)))
    imported = fhir.import_response(bank, data, Path("qr.json"))
    checked = check_answers(bank, imported.answers, patient=imported.patient)
    return summary, assess(bank, checked.answers, checked.patient)


def test_round_trip_gives_the_same_verdict_and_findings(bank, paths) -> None:
    cases = case_paths(bank)
    if (bank.path / "cases.toml").exists():
        assert len(cases) >= 40  # the question set's own cases, every one of them
    for name, answers, patient in paths:
        summary, again = round_trip(bank, answers, patient)
        assert again.plan.verdict == summary.plan.verdict, name
        if not fhir.left_out(bank, summary):
            assert [r.id for r in again.findings] == [f.id for f in summary.findings], name
            assert again.plan.start_dose_mg == summary.plan.start_dose_mg, name
        else:  # answers after an urgent stop are not in the response (a form disables them)
            urgent = bank.urgent_stop(summary.answers)
            assert urgent is not None and urgent.finding in [r.id for r in again.findings], name
            kept = {k: v for k, v in summary.answers.items() if k not in fhir.left_out(bank, summary)}
            assert [r.id for r in again.findings] == [r.id for r in assess(bank, kept).findings], name


def lhc_style(bank, qr: dict[str, Any]) -> dict[str, Any]:
    """What another renderer may send: its own nesting, codes without display or system, integers."""
    flat = []
    for item in walk(qr["item"]):
        if "answer" in item:
            answers = []
            for a in item["answer"]:
                if "valueCoding" in a:
                    answers.append({"valueCoding": {"code": a["valueCoding"]["code"]}})
                elif "valueDecimal" in a and float(a["valueDecimal"]).is_integer():
                    answers.append({"valueInteger": int(a["valueDecimal"])})
                else:
                    answers.append(a)
            flat.append({"linkId": item["linkId"], "answer": answers})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": qr["questionnaire"],
        "status": "completed",
        "item": [{"linkId": "page-1", "item": flat[: len(flat) // 2]}, {"linkId": "page-2", "item": flat[len(flat) // 2 :]}],
    }


def test_cli_reads_responses_from_other_renderers(bank, paths, tmp_path: Path) -> None:
    name, answers, patient = next(p for p in paths if summary_of(bank, p[1], p[2]).findings)
    summary = summary_of(bank, answers, patient)
    other = write_private(tmp_path / "other.json", json.dumps(lhc_style(bank, fhir.questionnaire_response(bank, summary))))
    result = run_cli("summarize", str(other))
    assert result.returncode == 0, result.stderr
    assert f'verdict = "{summary.plan.verdict}"' in result.stdout
    shown = run_cli("show", str(other))
    assert shown.returncode == 0, shown.stderr
    assert summary.findings[0].title in shown.stdout


def test_check_a_response(bank, paths, tmp_path: Path) -> None:
    done = next(p for p in paths if fhir.questionnaire_response(bank, summary_of(bank, p[1], p[2]))["status"] == "completed"
                and not any(f.unanswered for f in summary_of(bank, p[1], p[2]).findings))
    qr = fhir.questionnaire_response(bank, summary_of(bank, done[1], done[2]))
    path = write_private(tmp_path / "qr.json", fhir.to_json(qr))
    ok = run_cli("check", str(path))
    assert ok.returncode == 0, ok.stderr
    assert "OK: a QuestionnaireResponse (completed)" in ok.stdout
    # A response that claims to be complete while a required question has no answer
    first = next(i for i in walk(qr["item"]) if "answer" in i and not bank.by_id[i["linkId"]].optional)
    first["answer"] = []
    lying = write_private(tmp_path / "lying.json", fhir.to_json(qr))
    bad = run_cli("check", str(lying))
    assert bad.returncode == 1
    assert "status is 'completed', but" in bad.stderr and first["linkId"] in bad.stderr
    # A plan that does not follow from the answers
    verdict = qr["contained"][0]["valueCodeableConcept"]["coding"][0]
    verdict["code"] = "standard" if verdict["code"] != "standard" else "wait"
    qr = fhir.questionnaire_response(bank, summary_of(bank, done[1], done[2]))
    qr["contained"][0]["valueCodeableConcept"]["coding"][0]["code"] = verdict["code"]
    changed = write_private(tmp_path / "changed.json", fhir.to_json(qr))
    assert run_cli("check", str(changed)).returncode == 1


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda qr: qr.update(questionnaire="http://example.org/Questionnaire/phq-9|1.0"), "not ldnwizard's question set 'ldn-benzo'"),
        (lambda qr: qr.update(questionnaire=qr["questionnaire"].split("|")[0] + "|0.9.9"), "version '0.9.9'"),
        (lambda qr: qr.pop("questionnaire"), "does not say which questionnaire"),
        (lambda qr: qr.update(resourceType="Observation"), "expected a FHIR QuestionnaireResponse"),
        (lambda qr: qr.update(status="entered-in-error"), "status 'entered-in-error'"),
        (lambda qr: qr["item"].append({"linkId": "shoe_size", "answer": [{"valueDecimal": 9}]}), "(shoe_size): this linkId is not a question"),
        (lambda qr: next(i for i in walk(qr["item"]) if i.get("answer") and "valueCoding" in i["answer"][0])["answer"][0]["valueCoding"].update(system="http://loinc.org"), "is not this question's"),
    ],
)
def test_a_response_for_something_else_is_refused(bank, paths, tmp_path: Path, change, message) -> None:
    qr = fhir.questionnaire_response(bank, summary_of(bank, *paths_with_findings(bank)))
    change(qr)
    path = write_private(tmp_path / "qr.json", json.dumps(qr))
    for command in ("summarize", "check", "show") if "phq-9" in message else ("summarize",):
        result = run_cli(command, str(path))
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert message in result.stderr and result.stderr.startswith(f"ldnwizard: error: {path}")
        assert "Traceback" not in result.stderr


def test_exclusive_choice_with_others_is_refused_on_import(bank, tmp_path: Path) -> None:
    """A renderer without optionExclusive may send "None" with a symptom: ldnwizard refuses to guess."""
    q = next(q for q in bank.questions if q.kind == "multi" and any(c.exclusive for c in q.choices))
    exclusive = next(c.value for c in q.choices if c.exclusive)
    other = next(c.value for c in q.choices if not c.exclusive)
    qr = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": fhir.questionnaire_url(bank) + "|" + bank.questionnaire.version,
        "status": "completed",
        "item": [{"linkId": q.id, "answer": [{"valueCoding": {"code": exclusive}}, {"valueCoding": {"code": other}}]}],
    }
    path = write_private(tmp_path / "both.json", json.dumps(qr))
    result = run_cli("summarize", str(path))
    assert result.returncode == 2
    assert f"({q.id}): {exclusive} cannot go with other choices" in result.stderr


def test_bad_json_is_placed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "resourceType": "QuestionnaireResponse",\n  "status": \n}\n', encoding="utf-8")
    result = run_cli("summarize", str(bad))
    assert result.returncode == 2 and result.stderr.startswith(f"ldnwizard: error: {bad}:4: not valid JSON")
    deep = tmp_path / "deep.json"
    deep.write_text("{" + '"a":[' * 100000 + "]" * 100000 + "}", encoding="utf-8")
    result = run_cli("check", str(deep))
    assert result.returncode == 2 and "Traceback" not in result.stderr


# ---------------------------------------------------------------- the commands


def test_export_command(bank, paths, tmp_path: Path) -> None:
    summary = summary_of(bank, *paths_with_findings(bank))
    path = write_private(tmp_path / "summary.toml", to_toml(summary))
    out = tmp_path / "qr.json"
    result = run_cli("export", str(path), "--format", "fhir", "-o", str(out), "--subject", "Patient/123", "--author", "Practitioner/7")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    qr = json.loads(out.read_text(encoding="utf-8"))
    assert qr["subject"] == {"reference": "Patient/123"} and qr["author"] == {"reference": "Practitioner/7"}
    assert qr["id"] == fhir.questionnaire_response(bank, summary)["id"]
    again = run_cli("export", str(path), "-o", str(out))
    assert again.returncode == 2 and "already exists; use --force" in again.stderr
    assert run_cli("export", str(path), "-o", str(out), "--force").returncode == 0
    # An answers file works too, and gives the same answers.
    answers = write_answers(tmp_path / "answers.toml", summary.answers)
    printed = run_cli("export", str(answers), "--base-url", "https://clinic.example/fhir")
    assert printed.returncode == 0, printed.stderr
    back = json.loads(printed.stdout)
    assert back["questionnaire"].startswith("https://clinic.example/fhir/Questionnaire/")
    for bad, message in [
        (["--subject", "Practitioner/1"], "--subject 'Practitioner/1': must point to a Patient"),
        (["--subject", "123"], "--subject '123': give a FHIR reference such as Patient/123"),
        (["--author", "Device/1"], "--author 'Device/1': must point to one of"),
        (["--base-url", "ldnwizard.org"], "--base-url 'ldnwizard.org': give an absolute http(s) URL"),
    ]:
        result = run_cli("export", str(path), *bad)
        assert result.returncode == 2 and message in result.stderr, result.stderr


def test_export_leaves_out_answers_after_an_urgent_stop(bank, paths, tmp_path: Path) -> None:
    name, answers, patient = next(p for p in paths if fhir.left_out(bank, summary_of(bank, p[1], p[2])))
    summary = summary_of(bank, answers, patient)
    path = write_private(tmp_path / "s.toml", to_toml(summary))
    result = run_cli("export", str(path))
    assert result.returncode == 0, result.stderr
    for key in fhir.left_out(bank, summary):
        assert f"({key}): left out, it comes after an urgent stop" in result.stderr
    out = write_private(tmp_path / "qr.json", result.stdout)
    checked = run_cli("check", str(out))  # its plan and findings follow from the answers it holds
    assert "differ from what its answers give" not in checked.stderr and "but its answers give" not in checked.stderr


def test_a_pipe_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "qr.json"
    os.mkfifo(fifo)
    result = run_cli("summarize", str(fifo))
    assert result.returncode == 2 and "pipe" in result.stderr and "Traceback" not in result.stderr


def test_export_bad_input_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('benzo = "clonazepam"\nbenzo_dose_mg = "lots"\n', encoding="utf-8")
    out = tmp_path / "out.json"
    result = run_cli("export", str(bad), "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith(f"ldnwizard: error: {bad}:2 (benzo_dose_mg): ")
    assert "Traceback" not in result.stderr and not out.exists()
    missing = run_cli("export", str(tmp_path / "nope.toml"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    fmt = run_cli("export", str(bad), "--format", "hl7v2")
    assert fmt.returncode == 2 and "invalid choice" in fmt.stderr


def test_export_refuses_a_summary_of_another_question_set(bank, paths, tmp_path: Path) -> None:
    summary = summary_of(bank, *paths_with_findings(bank))
    summary.meta.question_set = "other-set"
    path = write_private(tmp_path / "s.toml", to_toml(summary))
    result = run_cli("export", str(path))
    assert result.returncode == 2
    assert "question set 'other-set'" in result.stderr and "--questions DIR" in result.stderr


def test_export_of_an_older_version_points_at_this_one(bank, paths, tmp_path: Path) -> None:
    summary = summary_of(bank, *paths_with_findings(bank))
    summary.meta.question_set_version = "0.0.1"
    path = write_private(tmp_path / "s.toml", to_toml(summary))
    result = run_cli("export", str(path))
    assert result.returncode == 0, result.stderr
    assert "assessed again with version" in result.stderr
    assert json.loads(result.stdout)["questionnaire"].endswith("|" + bank.questionnaire.version)


def test_questions_command(bank, tmp_path: Path) -> None:
    out = tmp_path / "q.json"
    result = run_cli("questions", "--format", "fhir", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["resourceType"] == "Questionnaire"
    assert run_cli("questions", "-o", str(out)).returncode == 2
    assert run_cli("questions", "-o", str(out), "--force").returncode == 0
    bundle = run_cli("questions", "--bundle", "--base-url", "https://clinic.example/fhir")
    assert bundle.returncode == 0, bundle.stderr
    kinds = [e["resource"]["resourceType"] for e in json.loads(bundle.stdout)["entry"]]
    assert kinds[0] == "Questionnaire" and "CodeSystem" in kinds and "StructureDefinition" in kinds
    bad = run_cli("questions", "--questions", str(tmp_path / "none"))
    assert bad.returncode == 2 and "no such question set folder" in bad.stderr


# ---------------------------------------------------------------- fuzz: any JSON where a response is expected

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ldnwizard.core.errors import InputError  # noqa: E402

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _places(node: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _places(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _places(v, (*path, i))
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_json_in_a_response_is_an_error_or_an_answer(bank, data) -> None:
    """Replace any part of a valid response with any JSON: import and check give answers or an InputError, nothing else."""
    import copy

    base = fhir.questionnaire_response(bank, summary_of(bank, *generated_paths(bank, 1)[0][1:]))
    qr = copy.deepcopy(base)
    where = data.draw(st.sampled_from(_places(qr)[1:]))
    parent = qr
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = data.draw(_JSON)
    try:
        imported = fhir.import_response(bank, qr, Path("qr.json"))
        checked = check_answers(bank, imported.answers, patient=imported.patient)
    except InputError as exc:
        assert str(exc).startswith("qr.json")
        return
    summary = summary_of(bank, checked.answers, checked.patient)
    assert isinstance(fhir.response_problems(bank, summary, qr), list)
