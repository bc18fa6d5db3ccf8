"""Keeping the corpus current from official sites: `ti-assistant fetch URL…` (see `run.fetch`)."""
