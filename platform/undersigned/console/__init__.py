"""The console: pages for organizers, translators and admins, each behind one permission."""
