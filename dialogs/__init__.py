"""Guided conversations (botbuilder-dialogs): the report and the quick question. They use the
services and the cards; they never import `bot/` (which builds them)."""
