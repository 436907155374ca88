"""`python -m simulator`: simulate, dialog, resolve, dev-certs."""

from simulator.cli import main

raise SystemExit(main())
