"""Readers for files people download from other tools; each produces canonical rows for one service."""
