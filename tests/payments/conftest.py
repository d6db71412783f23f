from __future__ import annotations

import pytest

from payments.loading import load_benefit_limits
from tests.payments.factories import RateFactory, budget


@pytest.fixture
def rates(db):
    load_benefit_limits()
    rate = RateFactory()
    budget(2025)
    budget(2026)
    return rate
