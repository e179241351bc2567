"""One-click unsubscribe (RFC 8058) from the mail a campaign sends that is not strictly
transactional: ``/unsubscribe/<token>``."""
