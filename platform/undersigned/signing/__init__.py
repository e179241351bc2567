"""Signing: the campaign pages, the sign / confirm / thank-you flow and the signature model."""
