import sys

from dockfix.app.cli import main

sys.exit(main())
