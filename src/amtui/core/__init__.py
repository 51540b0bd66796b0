"""The core: money, dates, the one clock, errors and config. Imports nothing else of amtui."""
