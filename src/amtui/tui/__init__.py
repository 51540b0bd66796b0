"""The Textual app: the shell, the screen registry, commands, messages, screens, widgets and styles."""
