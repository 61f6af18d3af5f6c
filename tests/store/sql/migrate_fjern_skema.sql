-- Removes the migration tests' schema (as the owner). No parameters.
DROP SCHEMA IF EXISTS kd_migrate_test CASCADE
