"""Shared fixtures for the journey tests: the meetings fixtures (a group with a notice rule, a meeting)."""

from tests.meetings.conftest import group, meeting  # noqa: F401 - fixtures
