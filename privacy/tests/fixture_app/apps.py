from django.apps import AppConfig


class FixtureAppConfig(AppConfig):
    """Models with one retention rule of each kind, installed only in tests."""

    name = "privacy.tests.fixture_app"
    label = "privacy_fixture"
