"""Delivery channels: what happens after a signature is confirmed (``email``, ``self_submit``,
``joint``), looked up by name through the plugin contract."""
