"""Otto AI CRM/DMS integration API (otto-ai.txt): the embedded sandbox and its faults.

The vendor spec (``VENDOR``) is added once the client and scenarios exist.
"""
