"""When things happened: temporal expressions as honest intervals, events, and one timeline."""

from veracity.time.tagger import AnchorRegion, find_times

__all__ = ["AnchorRegion", "find_times"]
