"""A node whose prepare refuses every config without "threshold" (for dry-run tests)."""
from neurorig import Node


class Broken(Node):
    def prepare(self, inputs, config):
        if "threshold" not in config:
            raise KeyError("config has no threshold")
        return super().prepare(inputs, config)

    def process(self, port, block, emit):
        emit(0, block.data)
