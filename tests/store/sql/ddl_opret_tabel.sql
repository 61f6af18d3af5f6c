-- DDL probe for the app role, which must be refused: creates a table. No parameters.
CREATE TABLE kd_ddl_proeve (x integer)
