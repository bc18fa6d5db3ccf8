from ti_assistant.cli import main

raise SystemExit(main())
