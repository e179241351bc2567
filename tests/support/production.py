"""What an app in production mode (neither testing nor debugging) needs to start."""
from __future__ import annotations

#: 48 random bytes, URL-safe (``secrets.token_urlsafe(48)``), fixed so runs are repeatable.
STRONG_SECRET_KEY = "pD3vN0hq8Yk2cRz7LwT1fXb5sJm9GaUe4oQiV6yKHtWnBd-EpS_x0lCjMrAZg8uF"
#: (with passwords hashed at production cost: the tests' own cheap one is refused in production)
PRODUCTION = {"SECRET_KEY": STRONG_SECRET_KEY, "PUBLIC_URL": "https://undersigned.test",
              "PASSWORD_HASH_METHOD": "scrypt:32768:8:1"}
