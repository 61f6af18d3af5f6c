-- The connected role's powers over row-level security: superuser, BYPASSRLS, and how many
-- relations it owns (an owner is exempt from its tables' policies). No parameters.
SELECT r.rolsuper, r.rolbypassrls,
       (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS ejer_af
FROM pg_roles r WHERE r.rolname = current_user
