"""The CLI commands, one module per noun; each parses options, calls the core once, prints."""
