import sys

from imagedesk.cli.main import main

sys.exit(main())
