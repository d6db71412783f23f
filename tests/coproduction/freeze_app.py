"""A WSGI app that says how many objects its worker froze out of the garbage collector's sight
(tests/coproduction/test_web_server.py serves it with the portal's gunicorn settings)."""

import gc


def app(environ: dict, start_response: object) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])  # type: ignore[operator]
    return [str(gc.get_freeze_count()).encode()]
