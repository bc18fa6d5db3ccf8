"""Web chat entry point: settings -> engine -> UI -> launch (same app as `ti-assistant serve`)."""

from ti_assistant.config import Settings
from ti_assistant.ui import launch

if __name__ == "__main__":
    launch(Settings.from_env())
