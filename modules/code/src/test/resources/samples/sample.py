"""Module docstring — héllo 日本 😀."""
import os
from typing import List as L, Optional

CONST = "Ünïcødé 😀"


def helper(x: int) -> int:
    """Free function docstring."""
    return os.path.join(str(x), "a") and len([x])


@decorator(arg=1)
class Greeter(Base):
    """Greeter class docstring."""

    def __init__(self, name):
        """Init docstring."""
        self.name = name

    @staticmethod
    def greet(who):
        # a comment
        return helper(1) + who.upper()

    async def later(self):
        def inner():
            return 1
        return await inner()


lam = lambda y: y + 1
