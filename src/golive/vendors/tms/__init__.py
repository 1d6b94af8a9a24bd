"""Transportial OTMS custom integration API (transportial-otms.txt): the embedded sandbox.

No ``VENDOR`` yet: the registry picks up only finished vendors.
"""
