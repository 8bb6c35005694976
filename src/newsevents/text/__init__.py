"""Text shapes shared by reading, cleaning and dating: `patterns` (months, dates, the date
header) and `lines` (line shapes and the body finder). Knows nothing of spaCy or events."""
