"""Other languages in a FHIR resource: the standard translation extension on every text.

FHIR R4 carries a string's other languages as the ``translation`` extension
(http://hl7.org/fhir/StructureDefinition/translation) on the string's primitive
element (``_text``, ``_display``, ``_title`` ...), each with ``lang`` and ``content``.
:func:`add_translations` builds the same resource from the question set in each other
language it has (the structure is the same: only words differ) and puts every text of
it beside the English, so a portal can show the questionnaire in Spanish.
"""

from __future__ import annotations

from typing import Any, Callable

from ldnwizard.core.content.bank import Bank
from ldnwizard.core.content.i18n import LANGUAGES, SOURCE_LANGUAGE, language_of, translate, translation_path

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
#: String elements that carry words a person reads.
TEXT_KEYS = ("text", "display", "title", "description", "purpose")


def translation_extension(lang: str, content: str) -> dict[str, Any]:
    return {"url": TRANSLATION, "extension": [{"url": "lang", "valueCode": lang}, {"url": "content", "valueString": content}]}


def _walk(english: Any, other: Any, lang: str, in_option: bool = False) -> None:
    """Add ``other``'s words to ``english`` wherever both have the same text element.

    ``display`` is a code's name: only an answer option's (a choice label) is words for a person.
    """
    if isinstance(english, dict) and isinstance(other, dict):
        for key, value in list(english.items()):
            there = other.get(key)
            if key in TEXT_KEYS and isinstance(value, str) and isinstance(there, str):
                if key == "display" and not in_option:
                    continue
                element = english.setdefault(f"_{key}", {})
                element.setdefault("extension", []).append(translation_extension(lang, there))
            elif isinstance(value, (dict, list)):
                _walk(value, there, lang, in_option or key == "answerOption")
    elif isinstance(english, list) and isinstance(other, list) and len(english) == len(other):
        for a, b in zip(english, other):
            _walk(a, b, lang, in_option)


def other_languages(bank: Bank) -> list[str]:
    """The languages besides English that the question set has a translation file for."""
    return [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE and translation_path(bank.path, lang).is_file()]


def add_translations(resource: dict[str, Any], bank: Bank, build: Callable[[Bank], dict[str, Any]]) -> dict[str, Any]:
    """Put each other language's words on every text of ``resource`` (built by ``build`` from the English bank)."""
    if language_of(bank) != SOURCE_LANGUAGE:
        return resource
    for lang in other_languages(bank):
        _walk(resource, build(translate(bank, lang)), lang)
    return resource
