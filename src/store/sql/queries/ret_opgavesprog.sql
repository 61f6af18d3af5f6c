-- Sets the municipality's Opgavesprog rule for a case area (creates or replaces it).
-- $1: kommune_cvr
-- $2: sagsomraade
-- $3: the languages, a JSON array of strings (at least one), in the caller's order
INSERT INTO opgavesprog AS o (kommune_cvr, sagsomraade, sprog)
VALUES ($1, $2, ARRAY(SELECT jsonb_array_elements_text($3::jsonb)))
ON CONFLICT (kommune_cvr, sagsomraade) DO UPDATE SET sprog = EXCLUDED.sprog
