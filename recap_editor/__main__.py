"""``python -m recap_editor`` is the same as ``recap-editor``."""

import sys

from recap_editor.cli import main

sys.exit(main())
