from camfilter.cli import main

raise SystemExit(main())
