"""Defences every campaign gets: rate limits, security headers, keyed IP hashes, e-mail identity."""
