"""Ways out of the book: calendar files, charts, documents."""
