-- DDL probe for the app role, which must be refused: creates a schema. No parameters.
CREATE SCHEMA kd_ddl_proeve
