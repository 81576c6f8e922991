"""Entry point of ``python -m dashtam.docs``; see :mod:`dashtam.docs.cli`."""

from dashtam.docs.cli import main

raise SystemExit(main())
