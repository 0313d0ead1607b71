"""reportgen: turns the exports of one event into a branded "measuring our impact" pack.

The pipeline runs one way: ``etl`` (raw exports -> tidy dataset) -> ``metrics`` (headline
figures and wording) -> ``charts`` (Altair -> SVG) -> ``render`` (Jinja2 -> pack.html) ->
``export`` (WeasyPrint -> pack.pdf). ``pipeline.build_pack`` runs them in order; ``cli`` is the
command line on top.
"""

__version__ = "0.1.0"
