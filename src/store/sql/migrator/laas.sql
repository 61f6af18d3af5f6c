-- Takes the session-level advisory lock that serialises concurrent migrate() calls (blocks until
-- it is free). $1: the lock key (bigint, kMigrationLockKey in migrate.cpp).
SELECT pg_advisory_lock($1::bigint)
