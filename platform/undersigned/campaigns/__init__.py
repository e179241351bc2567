"""Campaigns: what a plugin describes (model), how the core loads and checks them (registry)."""
