-- Removes the municipality's Opgavesprog rule for a case area (nothing when there is none).
-- $1: kommune_cvr
-- $2: sagsomraade
DELETE FROM opgavesprog WHERE kommune_cvr = $1 AND sagsomraade = $2
