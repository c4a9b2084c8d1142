"""Benchmarks: scripts run by hand (``python bench/<name>.py``), each importable so a small
test run keeps it working."""
