"""Models of the dues app (DESIGN §2)."""
