"""Evaluation harness: datasets, metrics, baselines, runner and reports (`ti-assistant eval`)."""
