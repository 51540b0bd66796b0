"""The ``amtui`` command line (Typer). Importing it must not pull in Textual or SQLModel."""
