"""The audit log: who changed what, when and in which campaign, from the console or the CLI."""
