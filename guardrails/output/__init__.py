"""Checks on the assistant's replies before they reach a shopper."""
