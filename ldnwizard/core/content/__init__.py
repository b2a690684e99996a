"""The question set: its models, the condition language, loading and checking it, translations and message catalogues."""
