"""Importers: one module per source format, each producing canonical rows for the services to store."""
