-- Views that run with their owner's rights (and so bypass the policies of their tables, whose
-- owner is exempt): every view must be security_invoker. No parameters.
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'v'
  AND NOT COALESCE(c.reloptions @> ARRAY['security_invoker=true'], false)
ORDER BY 1
