"""Base rates from conflict datasets (placeholder)."""
