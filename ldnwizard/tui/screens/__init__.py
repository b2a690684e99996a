"""The wizard's screens. Each takes what it shows (a Flow, a Summary) and reports back with ``dismiss``."""
