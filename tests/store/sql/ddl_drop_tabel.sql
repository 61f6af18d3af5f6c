-- DDL probe for the app role, which must be refused: drops a table it does not own.
-- No parameters.
DROP TABLE kontaktform
