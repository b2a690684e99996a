"""Pieces the wizard (``ldnwizard.tui``) and the kiosk (``ldnwizard.kiosk``) share, so neither imports the other.

``themes``: the colour themes (the kiosk runs in the high-contrast one). The words both
show (answers, verdict names, counts) are in :mod:`ldnwizard.core.report.phrases`, without Textual.
"""
