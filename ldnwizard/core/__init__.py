"""The pure domain of ldnwizard: question sets, assessment, summaries, files.

Nothing in this package imports Textual; a test enforces it.
"""
