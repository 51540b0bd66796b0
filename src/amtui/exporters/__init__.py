"""Ways out of the book for people outside amtui: documents, calendar files, charts (Markdown, .ics …)."""
