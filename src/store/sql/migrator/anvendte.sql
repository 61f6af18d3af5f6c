-- The migrations applied so far with the checksum each had when applied. No parameters.
SELECT name, checksum FROM schema_migrations ORDER BY name
