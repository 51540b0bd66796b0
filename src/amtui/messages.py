"""Small messages that carry worker results back to the UI thread."""
