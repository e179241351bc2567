"""Running the platform on many machines: the health endpoint and structured logs."""
