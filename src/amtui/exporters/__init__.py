"""Documents and files amtui writes for people outside it (Markdown, CSV/JSON, .ics …)."""
