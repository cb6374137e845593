from datetime import UTC, datetime

import pytest
import time_machine

NOW = datetime(2026, 6, 15, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    """Time stands still at NOW; tests move it on with clock.move_to(...)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
