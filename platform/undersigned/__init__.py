"""Undersigned: letter campaigns as plugins.

``flask --app undersigned`` finds :func:`create_app`.
"""
from undersigned.app import create_app

__all__ = ["create_app"]
