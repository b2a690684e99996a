"""The pharmacy kiosk: ``ldnwizard kiosk`` (customer), ``ldnwizard pickup`` (pharmacist), ``ldnwizard serve`` (browser).

Importing this package does not import Textual: ``pickup`` and the config work without it.
"""
