"""Trust in the book: history, undo and redo, the book as files, the soundness checks."""
