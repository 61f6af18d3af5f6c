-- The migrations recorded in the migration tests' schema with how often each is recorded.
-- No parameters.
SELECT name, count(*) AS antal FROM kd_migrate_test.schema_migrations GROUP BY name ORDER BY name
