"""ti_assistant: a French assistant that answers from official press releases, with verified citations."""

__version__ = "0.1.0"
