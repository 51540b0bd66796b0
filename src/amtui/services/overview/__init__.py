"""Overviews across domains: Today, account health, the status report."""
