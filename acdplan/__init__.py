"""acdplan: NICE CXone ACD Digital configuration as code, planned and applied like Terraform.

The pipeline is one straight line, one subpackage per stage:
load -> render -> validate -> model -> plan -> apply, with providers behind one small
interface and output renderers at the edge.
"""

__version__ = "0.1.0"
