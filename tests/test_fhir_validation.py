"""The FHIR export checked by tools ldnwizard did not write, offline.

* fhir.resources (R4B models) and fhirclient (SMART on FHIR's R4 models, strict);
* the official R4 JSON schema (tests/data, see its README) with the jsonschema library;
* the R4 invariants que-*, qrs-*, dom-*, obs-*, bdl-*, csd-1 and SDC's sdcqr-1/-2, evaluated
  with fhirpathpy (a FHIRPath engine) and the R4 model.

Over the Questionnaire, the Bundle of definitions and the responses of every answer
path (seeded walks through the question set, and every case in cases.toml).
"""

from __future__ import annotations

import copy
import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from ldnwizard import fhir
from test_fhir_support import case_paths, generated_paths, summary_of

R4B = pytest.importorskip("fhir.resources.R4B")
from fhir.resources.R4B.bundle import Bundle as R4BBundle  # noqa: E402
from fhir.resources.R4B.questionnaire import Questionnaire as R4BQuestionnaire  # noqa: E402
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as R4BResponse  # noqa: E402

fhirclient_models = pytest.importorskip("fhirclient.models")
from fhirclient.models.bundle import Bundle as R4Bundle  # noqa: E402
from fhirclient.models.fhirabstractbase import FHIRValidationError  # noqa: E402
from fhirclient.models.questionnaire import Questionnaire as R4Questionnaire  # noqa: E402
from fhirclient.models.questionnaireresponse import QuestionnaireResponse as R4Response  # noqa: E402

jsonschema = pytest.importorskip("jsonschema")
fhirpathpy = pytest.importorskip("fhirpathpy")
from fhirpathpy.models import models as FHIRPATH_MODELS  # noqa: E402

TRACE = re.compile(r"\.trace\('[a-z]+'(?:, id)?\)")
SCHEMA_FILE = Path(__file__).parent / "data" / "fhir-r4.schema.json.gz"
USED_TYPES = ("Questionnaire", "QuestionnaireResponse", "Observation", "CodeSystem", "StructureDefinition", "Bundle")

# ---------------------------------------------------------------- invariants (R4 4.0.1 text; que-7 and que-12 as corrected later)

DOM = {
    "dom-2": "contained.contained.empty()",
    "dom-3": "contained.where((('#'+id in (%resource.descendants().reference | %resource.descendants().as(canonical) "
    "| %resource.descendants().as(uri) | %resource.descendants().as(url))) or descendants().where(reference = '#').exists() "
    "or descendants().where(as(canonical) = '#').exists() or descendants().where(as(canonical) = '#').exists()).not())"
    ".trace('unmatched', id).empty()",
    "dom-4": "contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()",
    "dom-5": "contained.meta.security.empty()",
    "dom-6": "text.`div`.exists()",
    "dom-1 (R4: no narrative in contained)": "contained.text.empty()",
}
QUESTIONNAIRE = {
    "que-0": "name.matches('[A-Z]([A-Za-z0-9_]){0,254}')",
    "que-2": "descendants().linkId.isDistinct()",
}
QUESTIONNAIRE_ITEM = {
    "que-1": "(type='group' implies item.empty().not()) and (type.trace('type')='display' implies item.trace('item').empty())",
    "que-3": "type!='display' or code.empty()",
    "que-4": "answerOption.empty() or answerValueSet.empty()",
    "que-5": "(type ='choice' or type = 'open-choice' or type = 'decimal' or type = 'integer' or type = 'date' or type = 'dateTime' "
    "or type = 'time' or type = 'string' or type = 'quantity') or (answerValueSet.empty() and answerOption.empty())",
    "que-6": "type!='display' or (required.empty() and repeats.empty())",
    "que-8": "(type!='group' and type!='display') or initial.empty()",
    "que-9": "type!='display' or readOnly.empty()",
    "que-10": "(type in ('boolean' | 'decimal' | 'integer' | 'string' | 'text' | 'url' | 'open-choice')) or maxLength.empty()",
    "que-11": "answerOption.empty() or initial.empty()",
    "que-12": "enableWhen.count() > 1 implies enableBehavior.exists()",
    "que-13": "repeats=true or initial.count() <= 1",
}
# R4 writes `answer is Boolean` (System.Boolean), which a FHIR boolean is not in FHIRPath; R5 says FHIR's `boolean`.
ENABLE_WHEN = {"que-7": "operator = 'exists' implies (answer is boolean)"}
RESPONSE = {
    "qrs-2": "repeat(answer|item).select(item.where(answer.value.exists()).linkId.isDistinct()).allTrue()",
    "sdcqr-2": "(QuestionnaireResponse|repeat(answer|item)).select(item.where(answer.value.exists()).linkId.isDistinct()).allTrue()",
    "sdcqr-3": "source.count() + extension.where(url='http://hl7.org/fhir/5.0/StructureDefinition/extension-QuestionnaireResponse.source').count() <=1",
}
RESPONSE_ITEM = {"qrs-1": "(answer.exists() and item.exists()).not()"}
OBSERVATION = {
    "obs-6": "dataAbsentReason.empty() or value.empty()",
    "obs-7": "value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()",
}
BUNDLE = {
    "bdl-7": "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()",
    "bdl-8 (every entry)": "entry.all(fullUrl.contains('/_history/').not())",
}
CODE_SYSTEM = {"csd-1": "concept.code.combine($this.descendants().concept.code).isDistinct()"}
EXTENSION = {"ext-1": "extension.exists() != value.exists()"}


def holds(resource: dict[str, Any], expression: str, each: str | None = None) -> list[str]:
    """Where ``expression`` is false: on the resource, or on each node ``each`` selects."""
    expression = TRACE.sub("", expression)  # trace() only prints; it returns its input
    expression = expression.replace(".as(", ".ofType(")  # as() on a collection filters it; fhirpathpy's wants one item
    model = FHIRPATH_MODELS["r4"]
    env = {"resource": resource, "rootResource": resource}
    if each is None:
        result = fhirpathpy.evaluate(resource, expression, env, model)
        return [] if result in ([True], []) else [f"{resource['resourceType']}: {result}"]
    path = f"{resource['resourceType']}.{each}.all({expression})"
    result = fhirpathpy.evaluate(resource, path, env, model)
    return [] if result == [True] else [f"{path} -> {result}"]


def invariants(resource: dict[str, Any], subject_given: bool = False, contained: bool = False) -> list[str]:
    kind = resource["resourceType"]
    bad: list[str] = []
    checks: list[tuple[str, str, str | None]] = []
    if kind != "Bundle":  # dom-* hold for DomainResources; dom-6 not for contained ones (the validator's reading)
        checks += [(k, e, None) for k, e in DOM.items() if not (contained and k == "dom-6")]
    checks += [(k, e, "descendants().extension") for k, e in EXTENSION.items()]
    if kind == "Questionnaire":
        checks += [(k, e, None) for k, e in QUESTIONNAIRE.items()]
        checks += [(k, e, "repeat(item)") for k, e in QUESTIONNAIRE_ITEM.items()]
        checks += [(k, e, "repeat(item).enableWhen") for k, e in ENABLE_WHEN.items()]
    if kind == "QuestionnaireResponse":
        checks += [(k, e, None) for k, e in RESPONSE.items()]
        checks += [(k, e, "repeat(item)") for k, e in RESPONSE_ITEM.items()]
        if subject_given:
            checks.append(("sdcqr-1", "subject.exists()", None))
    if kind == "Observation":
        checks += [(k, e, None) for k, e in OBSERVATION.items()]
    if kind == "Bundle":
        checks += [(k, e, None) for k, e in BUNDLE.items()]
    if kind == "CodeSystem":
        checks += [(k, e, None) for k, e in CODE_SYSTEM.items()]
    for key, expression, each in checks:
        bad += [f"{key}: {w}" for w in holds(resource, expression, each)]
    for inner in resource.get("contained", []):
        bad += [f"contained {inner['id']}: {w}" for w in invariants(inner, contained=True)]
    for entry in resource.get("entry", []):
        bad += [f"entry {entry['fullUrl']}: {w}" for w in invariants(entry["resource"])]
    return bad


# ---------------------------------------------------------------- the JSON schema


@pytest.fixture(scope="module")
def schema_validator():
    schema = json.loads(gzip.decompress(SCHEMA_FILE.read_bytes()))
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0"
    definitions = dict(schema["definitions"])
    # Resources inside a Bundle or `contained` are checked against the types the export uses,
    # not a oneOf of all 146 (which jsonschema takes a minute to try); anything else fails.
    definitions["ResourceList"] = {"oneOf": [{"$ref": f"#/definitions/{t}"} for t in USED_TYPES]}
    # The file is the schema of R4's first release (4.0.0); R4 as published since is 4.0.1.
    fhir_version = definitions["StructureDefinition"]["properties"]["fhirVersion"]
    if "enum" in fhir_version:
        fhir_version["enum"] = [*fhir_version["enum"], "4.0.1"]
    else:
        definitions["StructureDefinition"]["properties"]["fhirVersion"] = {"enum": ["4.0.1"]}

    def validate(resource: dict[str, Any]) -> list[str]:
        v = jsonschema.Draft6Validator({"$ref": f"#/definitions/{resource['resourceType']}", "definitions": definitions})
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in v.iter_errors(resource)]

    return validate


def validate_everywhere(
    resource: dict[str, Any], schema_validator, subject_given: bool = False, fhirpath: bool = True
) -> None:
    kind = resource["resourceType"]
    r4b = {"Questionnaire": R4BQuestionnaire, "QuestionnaireResponse": R4BResponse, "Bundle": R4BBundle}[kind]
    r4 = {"Questionnaire": R4Questionnaire, "QuestionnaireResponse": R4Response, "Bundle": R4Bundle}[kind]
    r4b.model_validate(copy.deepcopy(resource))
    r4(copy.deepcopy(resource), strict=True)
    assert schema_validator(resource) == []
    if fhirpath:
        assert invariants(resource, subject_given) == []


@pytest.fixture(scope="module")
def paths(bank):
    out = generated_paths(bank, 12) + case_paths(bank)
    assert len(out) >= 8
    return out


def test_questionnaire_and_bundle_are_valid(bank, schema_validator) -> None:
    validate_everywhere(fhir.questionnaire(bank), schema_validator)
    validate_everywhere(fhir.questionnaire(bank, "https://clinic.example/fhir"), schema_validator)
    bundle, _ = fhir.bundle(bank)
    validate_everywhere(bundle, schema_validator)


def test_responses_of_every_answer_path_are_valid(bank, paths, schema_validator) -> None:
    """Every path through the models and the schema; the invariants (about 2 s a response in
    fhirpathpy, dom-3 most of it) on the generated walks and the first case of each verdict."""
    kinds = set()
    invariant_verdicts: set[str] = set()
    checked = 0
    for i, (name, answers, patient) in enumerate(paths):
        summary = summary_of(bank, answers, patient)
        options = {"subject": "Patient/p-1", "author": "Practitioner/7", "include_name": True} if i % 2 else {}
        qr = json.loads(fhir.to_json(fhir.questionnaire_response(bank, summary, **options)))
        deep = name.startswith("seed-") and i < 6 or summary.plan.verdict not in invariant_verdicts
        try:
            validate_everywhere(qr, schema_validator, subject_given=bool(options), fhirpath=deep)
        except (AssertionError, FHIRValidationError, ValueError) as exc:
            raise AssertionError(f"{name}: {str(exc)[:800]}") from exc
        if deep:
            invariant_verdicts.add(summary.plan.verdict)
            checked += 1
        kinds.add((qr["status"], summary.plan.verdict))
    assert checked >= 8
    assert {s for s, _ in kinds} == {"completed", "in-progress"}
    assert len({v for _, v in kinds}) >= 3  # several verdicts among the paths


def test_the_validators_can_fail(bank, schema_validator) -> None:
    """Each validator rejects a broken resource, so a pass above means something."""
    qn = fhir.questionnaire(bank)
    typo = copy.deepcopy(qn)
    typo["item"][0]["linkid"] = typo["item"][0].pop("linkId")
    with pytest.raises(ValueError):
        R4BQuestionnaire.model_validate(copy.deepcopy(typo))
    with pytest.raises(FHIRValidationError):
        R4Questionnaire(copy.deepcopy(typo), strict=True)
    assert schema_validator(typo)
    twice = copy.deepcopy(qn)
    twice["item"].append(copy.deepcopy(twice["item"][0]))
    assert any(w.startswith("que-2") for w in invariants(twice))
    display = copy.deepcopy(qn)
    stop = next(i for g in display["item"] for i in g["item"] if i["type"] == "display")
    stop["required"] = True
    assert any(w.startswith("que-6") for w in invariants(display))
    qr = fhir.questionnaire_response(bank, summary_of(bank, *generated_paths(bank, 1)[0][1:]))
    assert any(w.startswith("sdcqr-1") for w in invariants(qr, subject_given=True))
    orphan = copy.deepcopy(qr)
    orphan["contained"][0]["derivedFrom"] = []
    assert any(w.startswith("dom-3") for w in invariants(orphan))
