"""An example acdplan rule plugin (docs/PLUGINS.md): its rules are in `acdplan_rules_example.rules`."""
