"""amtui: the account manager's cockpit in the terminal.

Importing this package must stay cheap: it holds the version and nothing else.
"""

__version__ = "0.1.0"
