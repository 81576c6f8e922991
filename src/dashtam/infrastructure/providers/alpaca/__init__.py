"""Alpaca Markets (API key): the trading account and its activities."""

from dashtam.infrastructure.providers.alpaca.provider import MAX_PAGE_SIZE, AlpacaProvider

__all__ = ["MAX_PAGE_SIZE", "AlpacaProvider"]
