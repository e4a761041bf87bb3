"""The world families the generator knows, by name (`--family`)."""

from __future__ import annotations

from features.demo.family_thresholds import THRESHOLDS
from features.demo.mechanisms import JAKARTA, Family

WORLD_FAMILIES: dict[str, Family] = {family.name: family for family in (JAKARTA, THRESHOLDS)}
