"""The route's use cases, free of botbuilder and SQLAlchemy: submit a report, act on a case, ask and answer a question, decide what each change sends to whom, and the deadline and retention jobs."""
