"""FHIR R4 for clinic systems: the question set as a Questionnaire (and a Bundle of its
definitions), a summary as a QuestionnaireResponse, and a response read back as answers.

Plain dictionaries in, JSON out; no FHIR library is needed at run time (the tests
validate the output with fhir.resources' R4B models, fhirclient's R4 models, the
official R4 JSON schema and FHIRPath invariants).

* :mod:`.canon`: canonical URLs under one base (``--base-url``), HL7 extension URLs.
* :mod:`.enable`: show-if -> enableWhen.
* :mod:`.questionnaire`: the Questionnaire (urgent stops, exclusive options, units).
* :mod:`.response`: the QuestionnaireResponse with the plan and findings as Observations.
* :mod:`.terminology`: CodeSystems, extension StructureDefinitions and the Bundle.
* :mod:`.importer`: QuestionnaireResponse -> answers.
"""

from __future__ import annotations

import json
from typing import Any

from ldnwizard.core.content.bank import Bank
from ldnwizard.fhir.canon import DEFAULT_BASE, EXT_MAX, EXT_MIN, EXT_OPTION_EXCLUSIVE, EXT_UNIT, Canon
from ldnwizard.fhir.checking import response_problems
from ldnwizard.fhir.enable import NotExpressible
from ldnwizard.fhir.importer import Imported, import_response, looks_like_json, read_json, read_response
from ldnwizard.fhir.questionnaire import build as questionnaire_and_notes
from ldnwizard.fhir.questionnaire import enabled_questions, layout, not_expressed, questionnaire
from ldnwizard.fhir.response import left_out, questionnaire_response
from ldnwizard.fhir.terminology import bundle


def choice_system(bank: Bank, question_id: str, base: str | None = None) -> str:
    """The code system of one question's choices."""
    return Canon.of(bank, base).answers_system(question_id)


def questionnaire_url(bank: Bank, base: str | None = None) -> str:
    """The Questionnaire's canonical URL."""
    return Canon.of(bank, base).questionnaire


def to_json(resource: dict[str, Any]) -> str:
    """FHIR JSON text (UTF-8, two-space indent, a final newline)."""
    return json.dumps(resource, ensure_ascii=False, indent=2) + "\n"


__all__ = [
    "DEFAULT_BASE",
    "EXT_MAX",
    "EXT_MIN",
    "EXT_OPTION_EXCLUSIVE",
    "EXT_UNIT",
    "Imported",
    "NotExpressible",
    "bundle",
    "choice_system",
    "enabled_questions",
    "import_response",
    "layout",
    "left_out",
    "looks_like_json",
    "not_expressed",
    "questionnaire",
    "questionnaire_and_notes",
    "questionnaire_response",
    "questionnaire_url",
    "read_json",
    "read_response",
    "response_problems",
    "to_json",
]
