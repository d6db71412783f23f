"""What the benchmarks that run on PostgreSQL share: the address of a database on the benchmark's server, and
a statement run outside any database (to create or drop the benchmark's own)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def server_url(base_url: str, database: str) -> str:
    parts = urlsplit(base_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def admin_execute(base_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server_url(base_url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)
