-- Gives the migration tests an empty schema of their own (as the owner): drops and recreates
-- kd_migrate_test, so they never touch the schema the other store tests use. No parameters.
DROP SCHEMA IF EXISTS kd_migrate_test CASCADE;
CREATE SCHEMA kd_migrate_test;
