"""`python -m model.bundles list | promote VERSION | rollback | prune --keep N | report | check`
(`model.bundles.management`)."""

import sys

from model.bundles.management import main

sys.exit(main())
