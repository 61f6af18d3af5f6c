-- Removes the importer benchmark's scratch schema (as the owner). No parameters.
DROP SCHEMA IF EXISTS kd_bench CASCADE
