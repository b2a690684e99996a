"""Pieces the wizard (``ldnwizard.tui``) and the kiosk (``ldnwizard.kiosk``) share, so neither imports the other.

Each does one job both views do; each view keeps its own look (its CSS, its subclass):

- ``choices``: which choices are offered and in what order ("Not sure", "None" first in a
  list of medicines), how typed text finds them, how ticks combine, how a chosen one is
  marked, how the pick is stored.
- ``picker``: ``ChoicePicker``, the base of each view's choice widget (the wizard's option
  lists, the kiosk's tiles), which posts ``ChoicePicker.Picked``.
- ``review``: the rows of the review (every answer in words) and the base of each view's
  answer list, which posts ``AnswerReview.ChangeRequested``.
- ``verdict``: the verdict and finding lines with their word and icon from the question
  set, and the boxes (``VerdictBox``, ``FindingBox``) both finish views show them in.
- ``tile``: a press target lighter than a Button (the kiosk's touch targets, the wizard's Start).
- ``themes``: the colour themes (the kiosk runs in the high-contrast one).

ui builds on the core and never imports a view; the core never imports ui
(tests/test_import_circles.py). The words both show (answers, verdict names, counts) are
in :mod:`ldnwizard.core.report.phrases`, without Textual.
"""
