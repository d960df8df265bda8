"""The loopback Discord's fixtures are available to every test."""

pytest_plugins = ("local_discord.testing",)
