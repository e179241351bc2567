"""Bounces and complaints coming back: the Maildir the bounce address delivers to, a mail
service's notifications over HTTP, and what each says, all handed to the one service of
``undersigned.suppression``; and each campaign's bounce and complaint rates."""
