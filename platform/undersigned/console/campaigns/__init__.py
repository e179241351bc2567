"""Each campaign's console pages, one module per job: overview, charts, signatures (lookup,
moderation, the fraud tools), co-signers and the letter's versions (joint letters), export,
settings, publishing a draft. Every page asks for ``organize`` and the campaign's grant (its
URL names the campaign ``slug``)."""
from undersigned.console.campaigns.blueprint import bp
from undersigned.console.campaigns import (  # noqa: F401  (each module adds its pages to bp)
    blocks, charts, cosigners, export, letter, overview, publish, settings, signatures)

__all__ = ["bp"]
