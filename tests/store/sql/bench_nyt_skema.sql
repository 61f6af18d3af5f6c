-- The importer benchmark's scratch schema (as the owner): drops and recreates kd_bench, where the
-- migrations then build a second copy of the store's tables for the raw COPY ceiling. No
-- parameters.
DROP SCHEMA IF EXISTS kd_bench CASCADE;
CREATE SCHEMA kd_bench;
