-- DDL probe for the app role, which must be refused: creates a temporary table. No parameters.
CREATE TEMPORARY TABLE kd_ddl_proeve (x integer)
