"""Teaching content of the chapters (parameters, labels, scenarios), kept apart from chart code."""
