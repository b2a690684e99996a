"""Cross-file checks of a question set, each problem placed at a file and line."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ldnwizard.core.content import conditions as cond
from ldnwizard.core.content import content_text_check
from ldnwizard.core.content import reach
from ldnwizard.core.errors import ContentError
from ldnwizard.core.content.models import LEVEL_ORDER, VERDICT_ORDER
from ldnwizard.core.files.tomlfile import TomlLines

if TYPE_CHECKING:
    from ldnwizard.core.content.bank import Bank

_YNU = frozenset({"yes", "no", "unsure"})

#: The public contract for the ``ldn-benzo`` set: other systems pre-fill these ids and values
#: (the first contract, then the second). Values are exact where marked in EXACT.
CONTRACT: dict[str, tuple[str, frozenset[str] | None]] = {
    "benzo": ("single", frozenset({"other", "unsure", "none"})),
    "benzo_dose_mg": ("number", None),
    "benzo_doses_per_day": ("number", None),
    "benzo_uses": ("multi", frozenset({"sleep", "anxiety", "panic", "seizures", "muscle", "other"})),
    "taper_status": ("single", frozenset({"stable", "recently-changed", "planning", "tapering", "withdrawal"})),
    "cns_sensitivity": ("single", _YNU),
    "mood_history": ("single", _YNU),
    "opioids": ("single", _YNU),
    "age_group": ("single", frozenset({"under-18", "18-to-64", "65-or-older"})),
    "benzo_how_long": ("single", frozenset({"under-1-month", "months-1-to-3", "over-3-months", "unsure"})),
    "benzo_stopped": ("single", frozenset({"no", "under-1-month", "1-to-6-months", "unsure"})),
    "urgent_symptoms": ("multi", frozenset({"seizure", "confusion", "self-harm", "none"})),
    "self_harm_thoughts": ("single", _YNU),
    "self_harm_now": ("single", frozenset({"yes", "no"})),
    "other_medicines": ("multi", frozenset({"none", "unsure"})),
    "immune_medicines": ("single", _YNU),
    "kidney_disease": ("single", _YNU),
    "alcohol": ("single", frozenset({"no", "some-days", "most-days"})),
    "seizure_disorder": ("single", _YNU),
    "transplant": ("single", _YNU),
    "thyroid": ("single", _YNU),
    "liver_disease": ("single", _YNU),
    "pregnancy": ("single", _YNU),
    "surgery_planned": ("single", _YNU),
}
#: Contract questions whose values are exactly the listed ones (no more).
EXACT = {
    "benzo_uses", "age_group", "benzo_how_long", "benzo_stopped", "urgent_symptoms", "self_harm_thoughts",
    "self_harm_now", "immune_medicines", "kidney_disease", "alcohol", "cns_sensitivity", "mood_history", "opioids",
}
#: Catalogue ids ``other_medicines`` must accept (the second contract).
CATALOGUE_IDS = frozenset({
    "codeine", "dihydrocodeine", "tramadol", "tapentadol", "morphine", "oxycodone", "hydrocodone",
    "hydromorphone", "fentanyl", "buprenorphine", "methadone", "diphenoxylate", "kratom", "loperamide",
    "naltrexone", "naltrexone-injection", "naltrexone-bupropion", "gabapentin", "pregabalin",
})


class _Checker:
    def __init__(self, bank: "Bank", lines: dict[str, TomlLines]) -> None:
        self.bank = bank
        self.lines = lines
        self.errors: list[ContentError] = []
        self.never_asked: set[str] = set()

    def error(self, file_key: str, line0: int | None, message: str, where: str | None = None) -> None:
        from ldnwizard.core.content.bank import FILES

        path = self.bank.path / FILES[file_key][0]
        self.errors.append(ContentError(message, path, None if line0 is None else line0 + 1, where))

    def q_line(self, index: int, key: str | None = None, value: str | None = None) -> int | None:
        lines = self.lines["questionnaire"]
        start = lines.array_item("questions", index)
        return lines.key_in(start, key, value) if key else start

    def r_line(self, index: int, key: str | None = None, value: str | None = None) -> int | None:
        lines = self.lines["rules"]
        start = lines.array_item("rules", index)
        return lines.key_in(start, key, value) if key else start

    def condition(self, text: str, file_key: str, line0: int | None, where: str) -> cond.Node | None:
        try:
            node = cond.parse(text)
        except cond.ConditionSyntaxError as exc:
            self.error(file_key, line0, f"condition {text!r}: {exc}", where)
            return None
        problems = cond.check(node, self.bank)
        for column, message in problems:
            self.error(file_key, line0, f"{message} (in {text!r}, column {column})", where)
        return None if problems else node

    # ---------------------------------------------------------------

    def run(self, check_reach: bool) -> list[ContentError]:
        self.questions()
        self.urgent()
        self.medicines()
        self.plan()
        self.sources()
        self.errors.extend(content_text_check.control_characters(self.bank, self.lines))  # no escapes in any text
        # Reachability evaluates conditions on sample answers: only sound data can be sampled.
        sound = check_reach and not self.errors
        self.never_asked = self.unaskable() if sound else set()
        self.rules(sound)
        return self.errors

    def unaskable(self) -> set[str]:
        """Questions whose show-if can never hold: a rule that reads one reads nothing."""
        out: set[str] = set()
        for i, q in enumerate(self.bank.questions):
            if not q.show_if:
                continue
            try:
                example = reach.witness(self.bank, self.bank.condition(q.show_if))
            except reach.TooComplex:
                continue
            if example is None:
                out.add(q.id)
                self.error("questionnaire", self.q_line(i, "show_if"), "this question is never asked (its show-if can never hold)", q.id)
        return out

    def sources(self) -> None:
        lines = self.lines["sources"]
        for sid, src in self.bank.sources.sources.items():
            if not src.title and not src.description:
                self.error("sources", lines.table(f"sources.{sid}"), "a source needs its published `title`, or a `description` when no exact title is known", sid)
            if src.title and src.title.startswith("["):
                self.error("sources", lines.key_in(lines.table(f"sources.{sid}"), "title"), "a bracketed title is a description: use `description` instead", sid)

    def questions(self) -> None:
        qn = self.bank.questionnaire
        section_ids = [s.id for s in qn.sections]
        for sid, n in Counter(section_ids).items():
            if n > 1:
                self.error("questionnaire", None, f"duplicate section id {sid!r}", sid)
        counts = Counter(q.id for q in self.bank.questions)
        seen: set[str] = set()
        order = {q.id: i for i, q in enumerate(self.bank.questions)}
        for i, q in enumerate(self.bank.questions):
            if counts[q.id] > 1 and q.id in seen:
                self.error("questionnaire", self.q_line(i, "id"), f"duplicate question id {q.id!r}", q.id)
            seen.add(q.id)
            if q.section not in section_ids:
                self.error("questionnaire", self.q_line(i, "section"), f"unknown section {q.section!r}", q.id)
            if q.kind in ("single", "multi") and len(q.choices) < 2:
                self.error("questionnaire", self.q_line(i), f"a {q.kind} question needs at least two choices", q.id)
            if q.kind in ("number", "text") and q.choices:
                self.error("questionnaire", self.q_line(i, "choices"), f"a {q.kind} question has no choices", q.id)
            for value, n in Counter(c.value for c in q.choices).items():
                if n > 1:
                    self.error("questionnaire", self.q_line(i, "value", value), f"duplicate choice {value!r}", q.id)
            if q.safety and not q.topic:
                self.error("questionnaire", self.q_line(i, "safety"), "a safety question needs a `topic` (a few plain words naming it)", q.id)
            if q.safety and q.optional:
                self.error("questionnaire", self.q_line(i, "optional"), "a safety question cannot be optional", q.id)
            if q.medicine_kinds and q.choices_from != "medicines":
                self.error("questionnaire", self.q_line(i, "medicine_kinds"), "medicine_kinds needs choices_from = \"medicines\"", q.id)
            if q.show_if:
                node = self.condition(q.show_if, "questionnaire", self.q_line(i, "show_if"), q.id)
                if node is not None:
                    self.show_if_order(i, q.id, node, order)
        if qn.id == "ldn-benzo":
            self.contract()

    def show_if_order(self, i: int, qid: str, node: cond.Node, order: dict[str, int]) -> None:
        from ldnwizard.core.content.bank import DERIVED_FROM

        line = self.q_line(i, "show_if")
        for ref in sorted(node.refs()):
            for base in DERIVED_FROM.get(ref, (ref,)):
                if base not in order or order[base] < i:
                    continue
                if base == qid or self._depends_on(base, qid):
                    self.error("questionnaire", line, f"show-if cycle: {qid!r} and {base!r} depend on each other", qid)
                else:
                    self.error("questionnaire", line, f"show-if of {qid!r} uses {base!r}, which is asked later", qid)

    def _depends_on(self, start: str, target: str) -> bool:
        seen: set[str] = set()
        todo = [start]
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            q = self.bank.by_id.get(name)
            if q is None or not q.show_if:
                continue
            try:
                refs = cond.parse(q.show_if).refs()
            except cond.ConditionSyntaxError:
                continue
            if target in refs:
                return True
            todo.extend(refs)
        return False

    def contract(self) -> None:
        for qid, (kind, values) in CONTRACT.items():
            q = self.bank.by_id.get(qid)
            if q is None:
                self.error("questionnaire", None, f"the public question id {qid!r} is missing", qid)
                continue
            i = self.bank.questions.index(q)
            if q.kind != kind:
                self.error("questionnaire", self.q_line(i, "kind"), f"{qid!r} must be a {kind} question", qid)
            have = {c.value for c in q.choices}
            if values is not None and not values <= have:
                missing = ", ".join(sorted(values - have))
                self.error("questionnaire", self.q_line(i), f"{qid!r} must offer the public values: {missing}", qid)
            if qid in EXACT and values is not None and have - values:
                extra = ", ".join(sorted(have - values))
                self.error("questionnaire", self.q_line(i), f"{qid!r} has values outside the public set: {extra}", qid)
        others = self.bank.by_id.get("other_medicines")
        if others is not None:
            have = {c.value for c in others.choices}
            if CATALOGUE_IDS - have:
                missing = ", ".join(sorted(CATALOGUE_IDS - have))
                i = self.bank.questions.index(others)
                self.error("questionnaire", self.q_line(i), f"'other_medicines' must offer the catalogue ids: {missing}", "other_medicines")

    def urgent(self) -> None:
        lines = self.lines["questionnaire"]
        rule_ids = {r.id for r in self.bank.rules}
        for i, u in enumerate(self.bank.questionnaire.urgent):
            start = lines.array_item("urgent", i)
            self.condition(u.when, "questionnaire", lines.key_in(start, "when"), u.id)
            if u.finding not in rule_ids:
                self.error("questionnaire", lines.key_in(start, "finding"), f"no rule with id {u.finding!r}", u.id)

    def rules(self, check_reach: bool) -> None:
        counts = Counter(r.id for r in self.bank.rules)
        seen: set[str] = set()
        for i, rule in enumerate(self.bank.rules):
            if counts[rule.id] > 1 and rule.id in seen:
                self.error("rules", self.r_line(i, "id"), f"duplicate rule id {rule.id!r}", rule.id)
            seen.add(rule.id)
            for src in rule.sources:
                if src not in self.bank.sources.sources:
                    self.error("rules", self.r_line(i, "sources", src), f"unknown source {src!r}", rule.id)
            if (rule.when is None) == (rule.trigger is None):
                self.error("rules", self.r_line(i), "a rule needs exactly one of `when` and `trigger`", rule.id)
                continue
            if rule.trigger == "unanswered-safety" and not any(q.safety for q in self.bank.questions):
                self.error("rules", self.r_line(i, "trigger"), "no question is marked `safety = true`, so this can never fire", rule.id)
            if rule.when is None:
                continue
            node = self.condition(rule.when, "rules", self.r_line(i, "when"), rule.id)
            if node is None or not check_reach:
                continue
            for ref in sorted(node.refs()):
                if ref in self.never_asked:
                    self.error("rules", self.r_line(i, "when"), f"reads {ref!r}, which is never asked (its show-if can never hold)", rule.id)
            try:
                example = reach.witness(self.bank, node)
            except reach.TooComplex as exc:
                self.error("rules", self.r_line(i, "when"), f"too complex to check: {exc}", rule.id)
                continue
            if example is None:
                self.error(
                    "rules",
                    self.r_line(i, "when"),
                    "this rule can never fire (no answers that show its questions make it true)",
                    rule.id,
                )

    def medicines(self) -> None:
        lines = self.lines["medicines"]
        meds = self.bank.medicines
        for tid, table in meds.tables.items():
            if table.source not in self.bank.sources.sources:
                self.error("medicines", lines.key_in(lines.table(f"tables.{tid}"), "source"), f"unknown source {table.source!r}", tid)
        counts = Counter(m.id for m in meds.medicines)
        extra_ids = {c.value for q in self.bank.questionnaire.questions if q.choices_from == "medicines" for c in q.choices}
        seen: set[str] = set()
        for i, med in enumerate(meds.medicines):
            start = lines.array_item("medicines", i)
            if (counts[med.id] > 1 and med.id in seen) or med.id in extra_ids:
                self.error("medicines", lines.key_in(start, "id"), f"duplicate medicine id {med.id!r}", med.id)
            seen.add(med.id)
            if med.equivalent is not None and med.equivalent.table not in meds.tables:
                self.error("medicines", lines.key_in(start, "equivalent"), f"unknown table {med.equivalent.table!r}", med.id)

    def plan(self) -> None:
        plan = self.bank.plan
        for level in LEVEL_ORDER:
            if level not in plan.levels:
                self.error("plan", None, f"missing [levels.{level}]", level)
        for verdict in VERDICT_ORDER:
            if verdict not in plan.verdicts:
                self.error("plan", None, f"missing [verdicts.{verdict}]", verdict)
        for evidence in ("label", "guideline", "trial", "expert"):
            if evidence not in plan.evidence_words:
                self.error("plan", None, f"missing evidence_words.{evidence}", evidence)


def check_bank(bank: "Bank", lines: dict[str, TomlLines], *, check_reach: bool = True) -> list[ContentError]:
    """Every cross-file problem of a question set (empty when it is sound)."""
    return _Checker(bank, lines).run(check_reach)
