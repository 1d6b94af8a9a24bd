"""golive: is a vendor's partner API ready to go live?"""

__version__ = "0.1.0"
