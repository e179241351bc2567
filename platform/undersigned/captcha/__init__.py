"""Captcha providers, looked up by name (``CAPTCHA_PROVIDER``) through the plugin contract."""
