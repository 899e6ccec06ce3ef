"""Accounts: users, roles, password hashing, login throttling, API tokens."""
