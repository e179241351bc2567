"""A supporter's privacy: the privacy page, withdrawing a signature (its personal data erased
with it), a copy of what is held, and anonymising closed campaigns after ``PURGE_AFTER_DAYS``."""
