"""The presentation layer: the FastAPI service. It calls ``dashtam.core`` only."""
