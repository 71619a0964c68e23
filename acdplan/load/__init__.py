"""Stage 1, load: spec files on disk -> one merged document with the position of every node."""

from acdplan.load.positions import SourceMap
from acdplan.load.specset import LoadedSpec, load_spec_folder
from acdplan.load.yaml_source import Limits, ParsedFile, parse_yaml

__all__ = ["Limits", "LoadedSpec", "ParsedFile", "SourceMap", "load_spec_folder", "parse_yaml"]
