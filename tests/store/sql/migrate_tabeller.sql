-- The tables and views the migrations created in the migration tests' schema. No parameters.
SELECT table_name FROM information_schema.tables
WHERE table_schema = 'kd_migrate_test' ORDER BY table_name
