"""The ``email`` channel: the platform e-mails the letter to the recipient, Reply-To the supporter,
paced per recipient (``letters_per_hour``) or gathered in a daily digest (``digest``)."""
