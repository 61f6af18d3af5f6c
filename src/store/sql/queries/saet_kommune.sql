-- Sets the municipality (tenant) of this transaction, which the row-level security policies of
-- migrations/V006__mandantisolation.sql compare every row's kommune_cvr with: SET LOCAL, so it
-- ends with the transaction and a pooled connection never carries it into the next request.
-- $1: the municipality's CVR number
SELECT set_config('kontaktdata.kommune', $1, true)
