"""Adaptive Cards: one pure function per view, from a model to card JSON. No botbuilder, no
I/O; they use `domain/` and `texts/` only."""
