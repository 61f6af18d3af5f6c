"""The contract tier needs no server and no fixtures: only the shared helpers one folder up."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
