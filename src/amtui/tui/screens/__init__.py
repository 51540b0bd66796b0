"""One screen per module. Screens ask services for plain results in thread workers; they never query."""
