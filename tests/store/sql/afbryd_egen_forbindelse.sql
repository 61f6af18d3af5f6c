-- Kills the backend of the connection that runs it (allowed for one's own role). No parameters.
SELECT pg_terminate_backend(pg_backend_pid())
