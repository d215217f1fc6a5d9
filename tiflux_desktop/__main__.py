from tiflux_desktop.cli import main

raise SystemExit(main())
