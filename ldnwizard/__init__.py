"""ldnwizard: prepare a talk with your prescriber about low dose naltrexone (LDN)
when you also take a benzodiazepine or a Z-drug."""

__version__ = "0.1.0"
