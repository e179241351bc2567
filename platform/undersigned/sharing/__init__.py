"""Sharing a campaign: share links carrying a referral code, Open Graph tags and their image,
QR codes for posters, and the widget partner sites may embed."""
