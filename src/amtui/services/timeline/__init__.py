"""Timelines: milestones, dependencies and the scheduling engine, read and alert views."""
