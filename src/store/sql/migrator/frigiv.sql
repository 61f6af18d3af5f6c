-- Releases the advisory lock taken by laas.sql. $1: the lock key (bigint).
SELECT pg_advisory_unlock($1::bigint)
