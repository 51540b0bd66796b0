"""Estimates and statements of work: the rate card, estimates by team and fixed-price item with versions,
the SOW a client signs, accepting an estimate into a project, and the budget by estimate line."""
