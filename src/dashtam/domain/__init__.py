"""Pure domain layer: it imports nothing from core or infrastructure."""
