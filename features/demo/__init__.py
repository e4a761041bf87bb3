"""The demo world: a deterministic Jakarta provincial-government ASN world and its hidden truth.

`generate_world` builds the contract's tables (plus `units`) from hidden mechanisms defined in
`features.demo.mechanisms`; `write_world` writes them, and the truth, atomically.
"""

from features.demo.world import World, generate_world
from features.demo.writing import write_world

__all__ = ["World", "generate_world", "write_world"]
