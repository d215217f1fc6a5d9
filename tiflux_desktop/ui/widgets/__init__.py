"""Dumb widgets: they show what they are given and emit intents; they never call services."""
