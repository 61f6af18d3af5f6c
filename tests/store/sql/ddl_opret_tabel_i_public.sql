-- DDL probe for the app role, which must be refused: creates a table in schema public by name.
-- No parameters.
CREATE TABLE public.kd_ddl_proeve (x integer)
