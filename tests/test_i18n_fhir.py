"""The FHIR Questionnaire carries Spanish beside every text, as the standard translation extension."""

from __future__ import annotations

from ldnwizard import fhir
from ldnwizard.core.content.i18n import translate
from ldnwizard.fhir.translation import TRANSLATION


def spanish_of(element: dict, key: str) -> str | None:
    for ext in element.get(f"_{key}", {}).get("extension", []):
        if ext.get("url") == TRANSLATION:
            parts = {e["url"]: e for e in ext["extension"]}
            assert set(parts) == {"lang", "content"}
            if parts["lang"]["valueCode"] == "es":
                return parts["content"]["valueString"]
    return None


def walk(items):
    for item in items:
        yield item
        yield from walk(item.get("item", []))


def test_every_text_has_its_spanish(bank):
    qn = fhir.questionnaire(bank)
    es = translate(bank, "es")
    assert qn["language"] == "en"
    assert spanish_of(qn, "title") == es.questionnaire.title
    assert spanish_of(qn, "description") == es.questionnaire.welcome.body.strip()
    prompts = {q.id: q for q in es.questions}
    texts = options = 0
    for item in walk(qn["item"]):
        if "text" in item:
            spanish = spanish_of(item, "text")
            assert spanish, item["linkId"]
            texts += 1
            if item["linkId"] in prompts:
                assert spanish == prompts[item["linkId"]].prompt
        for option in item.get("answerOption", []):
            coding = option["valueCoding"]
            label = {c.value: c.label for c in prompts[item["linkId"]].choices}[coding["code"]]
            if label != coding["display"]:
                assert spanish_of(coding, "display") == label
                options += 1
    assert texts > 40 and options > 50
    sections = {f"section-{s.id}": s.title for s in es.questionnaire.sections}
    groups = [i for i in walk(qn["item"]) if i["linkId"] in sections]
    assert groups and all(spanish_of(g, "text") == sections[g["linkId"]] for g in groups)


def test_the_spanish_questionnaire_has_the_same_shape(bank):
    """Only words differ: links, codes, conditions and numbers are the English ones."""
    from ldnwizard.fhir.questionnaire import build

    def shape(node):
        if isinstance(node, dict):
            return {k: shape(v) for k, v in node.items() if not k.startswith("_") and k not in ("text", "display", "title", "description", "purpose", "valueString")}
        if isinstance(node, list):
            return [shape(v) for v in node]
        return node

    english = build(bank)[0]
    spanish = build(translate(bank, "es"))[0]
    english.pop("date"), spanish.pop("date")
    assert shape(english["item"]) == shape(spanish["item"]) or _units_only(shape(english["item"]), shape(spanish["item"]))


def _units_only(a, b) -> bool:
    """The one allowed difference: a unit that has a UCUM code in English is only words in Spanish."""
    import json

    return json.dumps(a).replace('"system": "http://unitsofmeasure.org", "code": "{doses}/d"', "") == json.dumps(b)
