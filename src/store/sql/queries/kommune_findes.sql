-- Whether the service holds data for a municipality (one row, one boolean).
-- $1: the municipality's CVR number
SELECT EXISTS (SELECT 1 FROM kommune WHERE cvr = $1)
