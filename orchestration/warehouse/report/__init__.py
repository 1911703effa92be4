"""A static HTML report of the published marts: one self-contained file, readable offline.

`build_report` reads only the published file (`serving/marts.duckdb`, opened read-only),
draws one chart per question the marts answer and writes a single HTML page with plotly.js
inlined once in its head. The page makes no network request: no CDN, no web fonts, no
MathJax. A chart whose table is missing, empty or unreadable is left out and the page says
so, so any published file gives a report. The page is written aside and renamed into place,
like the marts themselves, so a reader never sees half a report.

The package: `page` assembles the page, `charts` lists the charts in page order, one
module per theme draws them (`downloads`, `derivatives`, `adoption`, `openness`, `tokens`,
`coverage`), and `plotting` holds what they share.
"""

from orchestration.warehouse.report.charts import CHART_IDS, CHARTS
from orchestration.warehouse.report.page import build_report

__all__ = ["CHARTS", "CHART_IDS", "build_report"]
