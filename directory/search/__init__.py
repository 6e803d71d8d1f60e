"""Full-text and place search over published listings (SQLite FTS5 or PostgreSQL)."""
