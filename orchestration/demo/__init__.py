"""The demo: a deterministic simulated ecosystem that ``omw demo`` builds the warehouse on.

=================  ===========================================================
simulator.py       ``SampleConfig``, ``simulate()``, ``write_sample()``: the entry points
roster.py          the curated repositories, quantizers, name vocabulary, token slugs
seeds.py           what the world takes from the dbt seeds: countries, family names,
                   size classes
repositories.py    one simulated repository; the curated ones read from the roster
licences.py        the licence tags repositories carry
catalogue.py       the curated roster plus generated uploads and derivatives
downloads.py       daily downloads and the break-out calibration
adoption.py        the relative adoption measurement, shared with the test oracle
listing.py         the Hub listing files: tags, lines, formats, planted bad lines
tokens.py          OpenRouter token usage and its export files
timeline.py        day numbers and curves anchored on dates
draws.py           draws fixed by their arguments
=================  ===========================================================
"""
