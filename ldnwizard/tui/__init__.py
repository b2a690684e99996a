"""The terminal wizard (Textual). Bare ``ldnwizard`` runs it through :func:`ldnwizard.tui.run.run_wizard`.

Reusing the screens (the kiosk, other front ends): every screen takes what it shows
and reports back with ``dismiss(result)``; none knows about drafts, files or the
welcome screen, and none decides which question applies (the
:class:`~ldnwizard.core.answering.flow.Flow` does).

- ``screens.question.QuestionScreen(flow, on_step=None, back_to_review=False)``:
  asks the flow's questions in place; dismisses ``"review"``, ``"urgent"`` or
  ``"before-start"``. ``on_step(flow)`` runs after every stored answer.
- ``screens.urgent.UrgentScreen(urgent)``: dismisses ``"back"`` or ``"quit"``.
- ``screens.review.ReviewScreen(flow)``: dismisses ``"summary"``, ``"back"`` or
  ``"change:<question id>"`` (then ``flow.goto(id)`` and show the questions with
  ``back_to_review=True``).
- ``screens.summary.SummaryScreen(flow, clock=None, can_save=True)``: its
  ``.summary`` is the built :class:`~ldnwizard.core.report.summary.Summary`; dismisses
  ``"back"`` or ``"save"``. ``summary_widgets(summary, bank)`` gives the same
  content for any container.
- ``screens.save.SaveScreen(summary, bank, folder=..., on_saved=None)``: the
  file-saving step of the personal wizard.
- ``screens.welcome.WelcomeScreen(bank_or_welcome_text, ready=None)``,
  ``screens.dialogs.AskScreen(question, yes, no)``.
- ``widgets.answer_widget(question, flow)``: the answer widget for one question
  (``commit(flow)`` stores it or raises ``AnswerError``; Enter posts ``GoOn``).

Include the stylesheets the screens use (``app.tcss``, ``question.tcss``,
``summary.tcss``, ``dialogs.tcss`` in this folder) in the host app's ``CSS_PATH``.
``WizardApp`` in ``app.py`` is the personal wizard that wires these together.
"""
