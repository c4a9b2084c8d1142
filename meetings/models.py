"""Models of the meetings app (DESIGN §2)."""
