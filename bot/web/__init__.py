"""The bot's own small web server: a health check, Prometheus metrics and calendar feeds.

It runs inside the bot's process and event loop (aiohttp, which discord.py brings), so what it
reports is what the bot itself sees. Like the cogs it is an adapter: it calls services and
renders, and holds no rules of its own.
"""
