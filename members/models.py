"""Models of the members app (DESIGN §2)."""
