"""How meetups look in Discord: message text and embeds, built from domain values.

Rendering is kept apart from sending so that every message the bot can post is produced by one
function that a test can call, and so that user text is escaped in one place.
"""
