"""FHIR R4: the Questionnaire and a summary's QuestionnaireResponse, validated with fhir.resources (R4B models)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from ldnwizard import fhir
from ldnwizard.core.answers import check_answers
from ldnwizard.core.assess import assess
from ldnwizard.core.bank import default_questions_dir, load_bank
from ldnwizard.core.store import write_private
from ldnwizard.core.summary import build_summary, to_toml
from test_plain_support import STANDARD, VERDICT_ANSWERS, run_cli, write_answers

R4B = pytest.importorskip("fhir.resources.R4B")
from fhir.resources.R4B.observation import Observation  # noqa: E402
from fhir.resources.R4B.questionnaire import Questionnaire  # noqa: E402
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse  # noqa: E402

CREATED = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.timezone.utc)
VALUE_KEY = {"single": "valueCoding", "multi": "valueCoding", "number": "valueDecimal", "text": "valueString"}


def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from walk(item.get("item", []))
        for answer in item.get("answer", []):
            yield from walk(answer.get("item", []))


def summary_of(bank, answers: dict[str, Any], name: str | None = None):
    checked = check_answers(bank, answers)
    return build_summary(bank, assess(bank, checked.answers, {"name": name} if name else {}), created=CREATED)


def test_questionnaire_is_valid_and_covers_every_question(bank) -> None:
    resource = fhir.questionnaire(bank)
    Questionnaire.model_validate(resource)
    items = list(walk(resource["item"]))
    questions = [i for i in items if i["type"] not in ("group", "display")]
    assert [i["linkId"] for i in questions] == [q.id for q in bank.questions]
    assert len({i["linkId"] for i in items}) == len(items)  # linkIds are unique
    by_id = {i["linkId"]: i for i in questions}
    for q in bank.questions:
        item = by_id[q.id]
        assert item["text"] == q.prompt
        assert item["type"] == {"single": "choice", "multi": "choice", "number": "decimal", "text": "string"}[q.kind]
        assert item["required"] is (not q.optional)
        assert item.get("repeats", False) is (q.kind == "multi")
        if q.choices:
            codes = [o["valueCoding"]["code"] for o in item["answerOption"]]
            assert codes == [c.value for c in q.choices]
            assert {o["valueCoding"]["system"] for o in item["answerOption"]} == {fhir.choice_system(bank, q.id)}
        if q.show_if:
            assert {"url": fhir.EXT_SHOW_IF, "valueString": q.show_if} in item["extension"]
            assert item["enableWhen"], f"{q.id}: every shipped show-if can be expressed"
        else:
            assert "enableWhen" not in item
    assert fhir.not_expressed(bank) == {}


def test_enable_when_says_what_show_if_says(bank) -> None:
    items = {i["linkId"]: i for i in walk(fhir.questionnaire(bank)["item"])}
    dose = items["benzo_dose_mg"]  # benzo not in ["none"]: answered, and not "none"
    assert dose["enableBehavior"] == "all"
    assert dose["enableWhen"][0] == {"question": "benzo", "operator": "exists", "answerBoolean": True}
    assert dose["enableWhen"][1]["operator"] == "!=" and dose["enableWhen"][1]["answerCoding"]["code"] == "none"
    urgent = items["urgent_symptoms"]  # taper_status in [three values]
    assert urgent["enableBehavior"] == "any"
    assert [(w["operator"], w["answerCoding"]["code"]) for w in urgent["enableWhen"]] == [
        ("=", "recently-changed"),
        ("=", "tapering"),
        ("=", "withdrawal"),
    ]
    assert items["benzo_dose_mg"]["extension"][-1]["url"] == fhir.EXT_MAX


@pytest.fixture
def odd_set(tmp_path: Path) -> Path:
    """A copy of the shipped set with show-ifs that enableWhen can and cannot say."""
    target = tmp_path / "set"
    shutil.copytree(default_questions_dir(), target)
    path = target / "questionnaire.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'id = "thyroid"\nsection = "health"\n',
        'id = "thyroid"\nsection = "health"\nshow_if = \'diazepam_mg_per_day > 10\'\n',
    )
    text = text.replace(
        'id = "liver_disease"\nsection = "health"\n',
        'id = "liver_disease"\nsection = "health"\nshow_if = \'(opioids == "no" or cns_sensitivity == "no") and mood_history == "no"\'\n',
    )
    text = text.replace(
        'id = "pregnancy"\nsection = "health"\n',
        'id = "pregnancy"\nsection = "health"\nshow_if = \'opioids == "no" and benzo_dose_mg <= 10\'\n',
    )
    path.write_text(text, encoding="utf-8")
    return target


def test_show_if_that_cannot_be_expressed_is_said_so(odd_set: Path) -> None:
    bank = load_bank(odd_set, check_reach=False)
    resource = fhir.questionnaire(bank)
    Questionnaire.model_validate(resource)
    items = {i["linkId"]: i for i in walk(resource["item"])}
    for qid in ("thyroid", "liver_disease"):
        item = items[qid]
        assert "enableWhen" not in item and item["required"] is False
        note = next(e for e in item["extension"] if e["url"] == fhir.EXT_NOT_EXPRESSED)
        assert bank.by_id[qid].show_if in note["valueString"]
    assert "worked out from answers" in fhir.not_expressed(bank)["thyroid"]
    preg = items["pregnancy"]
    assert preg["enableBehavior"] == "all" and preg["required"] is True
    assert preg["enableWhen"][1] == {"question": "benzo_dose_mg", "operator": "<=", "answerDecimal": 10}
    result = run_cli("questions", "--questions", str(odd_set))
    assert result.returncode == 0, result.stderr
    assert "thyroid: show-if not expressed as enableWhen" in result.stderr


@pytest.mark.parametrize("verdict", list(VERDICT_ANSWERS))
def test_questionnaire_response_round_trip(bank, verdict: str) -> None:
    answers = VERDICT_ANSWERS[verdict]
    summary = summary_of(bank, answers, name="J. <Doe>")
    resource = json.loads(fhir.to_json(fhir.questionnaire_response(bank, summary)))
    QuestionnaireResponse.model_validate(resource)
    assert resource["questionnaire"] == "urn:ldnwizard:questionnaire:ldn-benzo|1.0.0"
    assert resource["status"] == "completed"
    assert resource["authored"] == "2026-11-24T09:30:00+00:00"

    answered = [i for i in walk(resource["item"]) if "answer" in i]
    ids = [i["linkId"] for i in answered]
    assert sorted(ids) == sorted([*summary.answers, "name"])
    assert len(ids) == len(set(ids))  # each exactly once
    back: dict[str, Any] = {}
    for item in answered:
        q = bank.by_id[item["linkId"]]
        for a in item["answer"]:
            assert list(a) == [VALUE_KEY[q.kind]], (q.id, a)
        if q.kind == "single":
            coding = item["answer"][0]["valueCoding"]
            assert coding["system"] == fhir.choice_system(bank, q.id)
            assert coding["display"] == next(c.label for c in q.choices if c.value == coding["code"])
            back[q.id] = coding["code"]
        elif q.kind == "multi":
            back[q.id] = [a["valueCoding"]["code"] for a in item["answer"]]
        else:
            back[q.id] = item["answer"][0][VALUE_KEY[q.kind]]
    assert back.pop("name") == "J. <Doe>"
    assert back == summary.answers
    # The answers read back give the same assessment.
    assert assess(bank, back).plan.verdict == verdict

    contained = {c["id"]: c for c in resource["contained"]}
    for c in resource["contained"]:
        Observation.model_validate(c)
    assert contained["plan"]["valueCodeableConcept"]["coding"][0]["code"] == verdict
    assert contained["plan"]["component"][0]["valueQuantity"]["value"] == summary.plan.start_dose_mg
    for f in summary.findings:
        obs = contained[f"finding-{f.id}"]
        assert obs["code"]["coding"][0]["code"] == f.id
        assert obs["valueString"] == f.provider_text
        assert obs["interpretation"][0]["coding"][0]["code"] == f.level
        assert obs["interpretation"][0]["coding"][0]["display"] == bank.plan.levels[f.level].word
    refs = [e["valueReference"]["reference"] for e in resource["extension"]]
    assert sorted(refs) == sorted(f"#{c}" for c in contained)  # every contained resource is referenced


def test_export_command(bank, tmp_path: Path) -> None:
    summary = summary_of(bank, VERDICT_ANSWERS["start-low"])
    path = write_private(tmp_path / "summary.toml", to_toml(summary))
    out = tmp_path / "qr.json"
    result = run_cli("export", str(path), "--format", "fhir", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    QuestionnaireResponse.model_validate(json.loads(out.read_text(encoding="utf-8")))
    again = run_cli("export", str(path), "-o", str(out))
    assert again.returncode == 2 and "already exists; use --force" in again.stderr
    forced = run_cli("export", str(path), "-o", str(out), "--force")
    assert forced.returncode == 0
    # An answers file works too, and gives the same answers.
    answers = write_answers(tmp_path / "answers.toml", STANDARD)
    printed = run_cli("export", str(answers))
    assert printed.returncode == 0
    items = {i["linkId"]: i for i in walk(json.loads(printed.stdout)["item"])}
    assert items["benzo_dose_mg"]["answer"] == [{"valueDecimal": 0.5}]


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


def test_export_refuses_a_summary_of_another_question_set(bank, tmp_path: Path) -> None:
    summary = summary_of(bank, STANDARD)
    summary.meta.question_set = "other-set"
    path = write_private(tmp_path / "s.toml", to_toml(summary))
    result = run_cli("export", str(path))
    assert result.returncode == 2
    assert "question set 'other-set'" in result.stderr and "--questions DIR" in result.stderr


def test_questions_command(tmp_path: Path) -> None:
    out = tmp_path / "q.json"
    result = run_cli("questions", "--format", "fhir", "-o", str(out))
    assert result.returncode == 0, result.stderr
    Questionnaire.model_validate(json.loads(out.read_text(encoding="utf-8")))
    assert run_cli("questions", "-o", str(out)).returncode == 2
    assert run_cli("questions", "-o", str(out), "--force").returncode == 0
    bad = run_cli("questions", "--questions", str(tmp_path / "none"))
    assert bad.returncode == 2 and "no such question set folder" in bad.stderr
