"""The ``self_submit`` channel: the supporter sends the finished letter through the official
contact form themselves and reports back with one click (``/c/<slug>/sent/<token>``)."""
