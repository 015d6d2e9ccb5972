from otccore.cli import main

raise SystemExit(main())
