"""The Teams surface: the aiohttp app and composition root (app.py), the command line
(__main__.py), the activity handler, authentication, the wire format, the connector client,
the invoke adapters for card actions and the outbox sender. botbuilder is imported here and in
`dialogs/` only. See docs/architecture.md for the layers."""
