"""Almanac: a Discord bot that answers sourced questions about OpenAI's leadership history."""

__version__ = "0.1.0"
