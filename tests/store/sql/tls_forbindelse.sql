-- Whether this session's connection is encrypted, and with which protocol. No parameters.
SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()
