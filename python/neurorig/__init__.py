"""NeuroRig nodes in Python: the wire format (docs/WIRE.md), the node API, the node loop and a
harness to test a node without a rig. See docs/PYTHON.md."""
from .harness import Harness
from .node import Block, Node
from .wire import Channel, Events, Kind, Spikes, StreamSpec

__all__ = ["Node", "Block", "Harness", "StreamSpec", "Channel", "Kind", "Events", "Spikes"]
__version__ = "0.1.0"
