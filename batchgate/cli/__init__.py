"""The `batchgate` command line: one module per verb, each parse-call-print."""
