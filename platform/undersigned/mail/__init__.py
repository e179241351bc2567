"""Mail: the outbox (written in the caller's transaction), its worker, and transports."""
