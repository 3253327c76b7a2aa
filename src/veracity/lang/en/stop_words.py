"""English words too common to say two statements are about the same thing (the denial linker's overlap)."""

from __future__ import annotations

STOP_WORDS = frozenset(
    "the a an and or but of to in on at for with by from that this these those it its is was were be been being "
    "has have had he she they his her their them him we our you your i my me not no never any such ever said says "
    "say told tell would will could can may might did do does as if than then there here about into over after "
    "before who what which when where why how all also just only very more most".split()
)
