"""camfilter: a smart-camera false-alarm filter."""

__version__ = "0.1.0"
