from ti_assistant.app.cli import main

raise SystemExit(main())
