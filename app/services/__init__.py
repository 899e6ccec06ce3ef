"""Service layer: the one place that talks to both the engine and the database, and commits."""
