"""Canonical URLs, code systems and the HL7 extension URLs the export uses.

Everything ldnwizard defines (the Questionnaire, its code systems, its extensions)
lives under one canonical base that a clinic can set (``--base-url``); the default
is :data:`DEFAULT_BASE`. Resource ids are FHIR ids (``[A-Za-z0-9.-]{1,64}``): question
and rule ids may hold ``_``, which becomes ``-``; a clash after that is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.errors import InputError

DEFAULT_BASE = "https://ldnwizard.org/fhir"

HL7 = "http://hl7.org/fhir/StructureDefinition/"
EXT_UNIT = HL7 + "questionnaire-unit"
EXT_MIN = HL7 + "minValue"
EXT_MAX = HL7 + "maxValue"
EXT_ITEM_CONTROL = HL7 + "questionnaire-itemControl"
EXT_OPTION_EXCLUSIVE = HL7 + "questionnaire-optionExclusive"
EXT_RENDERING_XHTML = HL7 + "rendering-xhtml"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
SDC_QUESTIONNAIRE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"
SDC_RESPONSE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse"
LEGACY_QUESTIONNAIRE = "urn:ldnwizard:questionnaire:"  # the canonical earlier ldnwizard versions exported

#: Units of the question set (its ``unit`` words) in UCUM; other units travel as words only.
UCUM_UNITS = {"mg": "mg", "doses a day": "{doses}/d", "mg a day": "mg/d", "days": "d", "weeks": "wk"}

#: The extensions ldnwizard defines: name -> (what it says, the element it goes on, value type).
EXTENSIONS = {
    "show-if": (
        "The question set's own show-if condition of this item, word for word "
        "(the enableWhen of the item says the same thing in FHIR terms).",
        "Questionnaire.item",
        "string",
    ),
    "show-if-not-expressed": (
        "Why this item's show-if could not be said as enableWhen; the item is then "
        "not required, so a form does not demand an answer that may not apply.",
        "Questionnaire.item",
        "string",
    ),
}

#: Parts of the plan Observation (component codes); the words are for clinic staff.
PLAN_PARTS = {
    "ldn-plan": "LDN plan to discuss",
    "start-dose": "First dose to discuss",
    "dose-time": "Time of day",
    "titration": "Stepping up",
    "steps": "Dose steps",
    "for-later": "The first dose is a step for later, not a go-ahead",
}

_ID = re.compile(r"^[A-Za-z0-9.-]{1,64}$")


def fhir_id(text: str) -> str:
    """A FHIR id for a content id (``_`` -> ``-``); an :class:`InputError` if it cannot be one."""
    out = text.replace("_", "-")
    if not _ID.match(out):
        raise InputError(f"{text!r} cannot be made a FHIR id (letters, digits, '-' and '.', at most 64)")
    return out


def check_base_url(text: str) -> str:
    """A canonical base given on the command line: an absolute http(s) URL without query or fragment."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or " " in text:
        raise InputError(f"--base-url {text!r}: give an absolute http(s) URL such as {DEFAULT_BASE}")
    return text.rstrip("/")


@dataclass(frozen=True)
class Canon:
    """The canonical URLs of one question set under one base."""

    base: str
    set_id: str
    version: str

    @classmethod
    def of(cls, bank: Bank, base: str | None = None) -> "Canon":
        return cls(check_base_url(base) if base else DEFAULT_BASE, bank.questionnaire.id, bank.questionnaire.version)

    @property
    def questionnaire(self) -> str:
        return f"{self.base}/Questionnaire/{fhir_id(self.set_id)}"

    @property
    def questionnaire_version(self) -> str:
        return f"{self.questionnaire}|{self.version}"

    def code_system_id(self, what: str) -> str:
        return fhir_id(f"{self.set_id}-{what}")

    def code_system(self, what: str) -> str:
        """The URL of one of the set's code systems (``questions``, ``findings``, ``levels``, an answer list...)."""
        return f"{self.base}/CodeSystem/{self.code_system_id(what)}"

    def answers_system(self, question_id: str) -> str:
        """The code system of one question's choices."""
        return self.code_system(f"answers-{question_id}")

    def extension(self, name: str) -> str:
        return f"{self.base}/StructureDefinition/{name}"

    @property
    def identifier_system(self) -> str:
        """The system of the identifiers of exported responses (created time + content hash)."""
        return f"{self.base}/NamingSystem/summary-id"
