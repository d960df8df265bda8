"""The loopback Discord's fixtures and the storage engines are available to every test."""

pytest_plugins = ("local_discord.testing", "tests.postgres")
