"""Allow ``python -m ldnwizard``."""

from ldnwizard.cli import main

raise SystemExit(main())
