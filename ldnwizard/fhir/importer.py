"""A FHIR R4/R4B QuestionnaireResponse for this question set -> answers ldnwizard can assess.

Any renderer's output is read: ldnwizard's own, or an SDC form such as LHC-Forms, which
nests items in groups and may give a ``valueCoding`` with a code and no display.
Answers are found by linkId wherever they sit (inside groups or under answers); a
choice by its ``code`` (and its ``system`` when one is given, which must be the
question's). The ``questionnaire`` the response points to must be this question set
at this version. The answers then go through the same checks as an answers file;
a problem is an :class:`InputError` naming the file and the linkId.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.errors import InputError
from ldnwizard.core.files.tomlfile import read_limited, read_text
from ldnwizard.fhir import canon as C

ACCEPTED_STATUS = ("completed", "in-progress", "amended", "stopped")


@dataclass
class Imported:
    """Answers (not yet checked), the name if the response holds one, and when it was authored."""

    answers: dict[str, Any]
    patient: dict[str, str] = field(default_factory=dict)
    authored: dt.datetime | None = None
    status: str = "completed"
    resource: dict[str, Any] = field(default_factory=dict)


def looks_like_json(path: Path) -> bool:
    """Whether a file given to summarize, check or show is JSON (its first character is ``{``).

    Read the safe way (regular files only, size-limited); a file that cannot be read
    is left to the TOML reader, which says why.
    """
    try:
        raw = read_limited(path)
    except InputError:
        return False
    return raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from a regular, size-limited UTF-8 file; bad JSON is an :class:`InputError` with the line."""
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})", path, exc.lineno) from None
    except RecursionError:
        raise InputError("not valid JSON: it nests too deeply", path) from None
    if not isinstance(data, dict):
        raise InputError("expected a JSON object (a FHIR resource)", path)
    return data


def _items(items: Any, path: Path, where: str) -> Iterator[tuple[dict[str, Any], str]]:
    if items is None:
        return
    if not isinstance(items, list):
        raise InputError("'item' must be a list", path, where=where)
    for i, item in enumerate(items):
        here = f"{where}.item[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("linkId"), str):
            raise InputError("every item needs a linkId", path, where=here)
        yield item, here
        yield from _items(item.get("item"), path, here)
        answers = item.get("answer", [])
        if not isinstance(answers, list):
            raise InputError("'answer' must be a list", path, where=item["linkId"])
        for j, answer in enumerate(answers):
            if isinstance(answer, dict):
                yield from _items(answer.get("item"), path, f"{here}.answer[{j}]")


def _check_questionnaire(bank: Bank, data: dict[str, Any], path: Path) -> None:
    qn = bank.questionnaire
    ref = data.get("questionnaire")
    if not isinstance(ref, str) or not ref:
        raise InputError(
            f"the response does not say which questionnaire it answers; ldnwizard reads responses to "
            f"{C.Canon.of(bank).questionnaire_version}",
            path,
            where="questionnaire",
        )
    url, _, version = ref.partition("|")
    set_id = C.fhir_id(qn.id)
    ours = url.endswith(f"/Questionnaire/{set_id}") or url == f"{C.LEGACY_QUESTIONNAIRE}{qn.id}"
    if not ours:
        raise InputError(
            f"this response answers {ref!r}, not ldnwizard's question set {qn.id!r}; give its folder with --questions DIR",
            path,
            where="questionnaire",
        )
    if version != qn.version:
        said = f"version {version!r}" if version else "no version"
        raise InputError(
            f"this response names {said} of {qn.id!r}; this question set is version {qn.version!r} "
            f"(give the folder of that version with --questions DIR)",
            path,
            where="questionnaire",
        )


def _value(bank: Bank, qid: str, answer: Any, path: Path, canon: C.Canon) -> Any:
    q = bank.by_id[qid]
    if not isinstance(answer, dict):
        raise InputError("an answer must be an object", path, where=qid)
    values = {k: v for k, v in answer.items() if k.startswith("value")}
    if len(values) != 1:
        raise InputError("an answer must hold exactly one value[x]", path, where=qid)
    (key, value), = values.items()
    if q.kind in ("single", "multi"):
        if key == "valueCoding" and isinstance(value, dict) and isinstance(value.get("code"), str):
            system = value.get("system")
            ours = (f"/CodeSystem/{canon.code_system_id(f'answers-{qid}')}", f"urn:ldnwizard:{bank.questionnaire.id}:{qid}")
            if system is not None and not (isinstance(system, str) and (system.endswith(ours[0]) or system == ours[1])):
                raise InputError(f"the answer's code system {system!r} is not this question's", path, where=qid)
            return value["code"]
        if key == "valueString" and isinstance(value, str):
            return value  # a renderer that gives the code as text; the checks say if it is not a choice
        raise InputError(f"expected a valueCoding with one of this question's codes; got {key}", path, where=qid)
    if q.kind == "number":
        if key in ("valueDecimal", "valueInteger") and isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        if key == "valueQuantity" and isinstance(value, dict) and isinstance(value.get("value"), (int, float)):
            return value["value"]
        raise InputError(f"expected a valueDecimal; got {key}", path, where=qid)
    if key == "valueString" and isinstance(value, str):
        return value
    raise InputError(f"expected a valueString; got {key}", path, where=qid)


def import_response(bank: Bank, data: dict[str, Any], path: Path) -> Imported:
    """Map a QuestionnaireResponse to answers by linkId and code (not yet checked against the set)."""
    kind = data.get("resourceType")
    if kind != "QuestionnaireResponse":
        raise InputError(
            f"expected a FHIR QuestionnaireResponse; this is {kind!r}" if kind else "not a FHIR resource (no resourceType)",
            path,
            where="resourceType",
        )
    _check_questionnaire(bank, data, path)
    status = data.get("status")
    if status not in ACCEPTED_STATUS:
        raise InputError(
            f"status {status!r}: only {', '.join(ACCEPTED_STATUS)} responses can be assessed", path, where="status"
        )
    canon = C.Canon.of(bank)
    answers: dict[str, Any] = {}
    patient: dict[str, str] = {}
    for item, where in _items(data.get("item"), path, "QuestionnaireResponse"):
        link = item["linkId"]
        given = item.get("answer") or []
        if not isinstance(given, list):
            raise InputError("'answer' must be a list", path, where=link)
        if not given:
            continue
        q = bank.by_id.get(link)
        if q is None:
            raise InputError("this linkId is not a question of this question set", path, where=link)
        if link in answers or (q.patient_field and q.patient_field in patient):
            raise InputError("this question is answered twice (answers to one question belong in one item)", path, where=link)
        values = [_value(bank, link, a, path, canon) for a in given]
        if q.kind != "multi" and len(values) > 1:
            raise InputError(f"{len(values)} answers to a question that takes one", path, where=link)
        value = values if q.kind == "multi" else values[0]
        if q.patient_field:
            patient[q.patient_field] = value
        else:
            answers[link] = value
    authored = None
    if isinstance(data.get("authored"), str):
        try:
            authored = dt.datetime.fromisoformat(data["authored"].replace("Z", "+00:00"))
        except ValueError:
            raise InputError(f"authored {data['authored']!r} is not a FHIR dateTime", path, where="authored") from None
        if authored.tzinfo is None:
            authored = None
    return Imported(answers, patient, authored, status, data)


def read_response(bank: Bank, path: Path) -> Imported:
    """Read a QuestionnaireResponse file and map it to answers."""
    return import_response(bank, read_json(path), path)
