-- DDL probe for the app role, which must be refused: alters a table it does not own.
-- No parameters.
ALTER TABLE part ADD COLUMN kd_ddl_proeve integer
