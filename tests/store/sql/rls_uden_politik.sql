-- Tables of tenant data (a kommune_cvr column, and kommune itself) without row-level security
-- and a policy; bevilling (authorization, read before the tenant is granted) is exempt.
-- No parameters.
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
  AND c.relname <> 'bevilling'
  AND (c.relname = 'kommune'
       OR EXISTS (SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attname = 'kommune_cvr' AND NOT a.attisdropped))
  AND NOT (c.relrowsecurity AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
ORDER BY 1
