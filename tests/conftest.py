"""The loopback Discord's fixtures are available to every test."""

pytest_plugins = ("bot.local_discord.testing",)
