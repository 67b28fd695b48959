"""An htpasswd line the distribution registry accepts (it reads bcrypt only)."""

from __future__ import annotations

import bcrypt

# The registry checks the hash on every request; a low cost keeps tests quick.
TEST_COST = 5


def htpasswd_line(username: str, password: str, cost: int = TEST_COST) -> str:
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=cost)).decode("ascii")
    return f"{username}:{hashed}\n"
