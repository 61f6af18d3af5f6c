-- The municipality's Opgavesprog rules ordered by case area: all of them, or only the rule for
-- exactly the case area $2.
-- $1: kommune_cvr
-- $2: sagsomraade (NULL: every rule)
SELECT o.sagsomraade, o.sprog
FROM opgavesprog o
WHERE o.kommune_cvr = $1 AND ($2::text IS NULL OR o.sagsomraade = $2::text)
ORDER BY o.sagsomraade
