"""Answers to a question set: checking them, walking through it, assessing, drafts and the content's own cases."""
