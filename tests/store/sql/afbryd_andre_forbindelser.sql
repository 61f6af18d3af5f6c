-- Kills every other backend of this role that has the given application_name (so that a test
-- kills only the connections of its own process). $1: application_name
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
WHERE usename = current_user AND application_name = $1 AND pid <> pg_backend_pid()
