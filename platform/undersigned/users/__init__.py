"""People who run the platform: organizers, translators and admins; their roles and sign-in."""
