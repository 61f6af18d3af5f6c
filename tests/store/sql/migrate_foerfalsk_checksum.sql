-- Changes the recorded checksum of an applied migration in the migration tests' schema, as if
-- the file had been edited after it was released. $1: the migration's name
UPDATE kd_migrate_test.schema_migrations SET checksum = 'redigeret' WHERE name = $1
