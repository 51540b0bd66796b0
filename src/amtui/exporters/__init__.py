"""Writers for files people share: Markdown, CSV/JSON, calendars."""
