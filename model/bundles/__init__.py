"""Bundles: their files (`files`: written atomically, verified before loading), what a serving
bundle holds (`serving`), and their management (`management`), the CLI `python -m model.bundles`."""
