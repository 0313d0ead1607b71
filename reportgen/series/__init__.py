"""A series of events: the series file (config), the series figures (figures) and the series
pack (pack). ``reportgen series NAME`` runs ``pack.build_series_pack``."""
