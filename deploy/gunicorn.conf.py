"""gunicorn settings for the portal's web processes: `gunicorn coproduction.wsgi --config deploy/gunicorn.conf.py`
(deploy/portal-web.service; bench/pages.py serves the same way)."""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Once a worker has loaded the portal, its code and settings are moved out of the garbage collector's
    sight (`gc.freeze`): a full collection then walks what requests made, not the 160,000 objects of the loaded
    project, which took about 100 ms each time, a pause for whichever request was running."""
    gc.collect()
    gc.freeze()
