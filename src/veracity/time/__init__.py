"""When things happened: temporal expressions as honest intervals, events, and one timeline."""

from veracity.time.tagger import AnchorRegion, anchor_date, find_times

__all__ = ["AnchorRegion", "anchor_date", "find_times"]
