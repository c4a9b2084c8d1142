"""Models of the reports app (DESIGN §2)."""
