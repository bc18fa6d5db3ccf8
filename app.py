"""Web chat entry point: settings -> engine -> UI -> launch (same app as `ti-assistant serve`)."""

from ti_assistant.app.ui import launch
from ti_assistant.config import Settings

if __name__ == "__main__":
    launch(Settings.from_env())
