"""Web chat entry point: settings -> engine -> JSON route and chat (same app as `ti-assistant serve`)."""

from ti_assistant.app.server import serve
from ti_assistant.config import Settings

if __name__ == "__main__":
    serve(Settings.from_env())
