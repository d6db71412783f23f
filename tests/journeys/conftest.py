"""Shared fixtures for the journey tests: the meetings fixtures (a group with a notice rule, a meeting) and the
payments ones (rates, limits and budgets)."""

from tests.meetings.conftest import group, meeting  # noqa: F401 - fixtures
from tests.payments.conftest import rates  # noqa: F401 - fixtures
