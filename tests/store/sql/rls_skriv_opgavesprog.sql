-- Writes an Opgavesprog rule into a municipality (to be refused when it is not the tenant).
-- $1: its CVR number
INSERT INTO opgavesprog (kommune_cvr, sagsomraade, sprog) VALUES ($1, '99', ARRAY['da'])
