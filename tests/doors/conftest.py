from tests.entries.conftest import (  # noqa: F401 - the entry tests' plan and people
    _fast_password_hashing,
    ddg_target,
    world,
)
