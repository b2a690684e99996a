"""The summary file and its pages: the model, checks of its values, shared phrases, text, Markdown and HTML."""
