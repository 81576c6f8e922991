"""Application core: settings and the container that wires domain to infrastructure."""
