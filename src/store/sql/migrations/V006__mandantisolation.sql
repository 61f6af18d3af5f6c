-- V006: tenant isolation enforced by PostgreSQL itself, not only by the queries' WHERE clauses.
-- Roles as in V001: owned by kontaktdata_owner, kontaktdata_app gets only what is granted.
--
-- Every table that holds a municipality's data gets row-level security keyed on the transaction's
-- setting `kontaktdata.kommune`, which the store sets (set_config(..., true), i.e. SET LOCAL) from
-- the request's AuthorityContext/MunicipalityCVR before its first statement on tenant data
-- (queries/saet_kommune.sql). A row is visible, and may be written, only when its kommune_cvr is
-- that setting: a query that forgot its WHERE clause, or a bug that passes another municipality's
-- CVR to one statement of a request, reads and writes nothing of another municipality. With the
-- setting absent (or empty, as a custom setting reads after a transaction that set it locally),
-- nothing is visible: the policies fail closed.
--
-- Not covered, deliberately: kaldende_system and bevilling (which calling system may do what,
-- read before the tenant is known to be granted; no personal data, and the serving role cannot
-- change them) and registercache (national register data, shared by all tenants: V004).
--
-- The owner role owns these tables and so is not subject to their policies (no FORCE): the
-- migrations, deploy/demo-data.sql and the retention job (--purge) work across municipalities.
-- The serving role owns nothing and has neither SUPERUSER nor BYPASSRLS (deploy/pg.sh creates it
-- so; a store test checks it).

-- Idempotency keys become per municipality too (V003 kept them per calling system only): the
-- answer stored under a key names parts and versions of one municipality, and the same calling
-- system reusing the key for another municipality must not be answered from it. Keys live for a
-- day and nothing records the municipality of the existing ones, so they are removed: a retry of a
-- write from before this migration is applied again rather than answered.
DELETE FROM idempotensnoegle;
ALTER TABLE idempotensnoegle
  DROP CONSTRAINT idempotensnoegle_pkey,
  ADD COLUMN kommune_cvr text NOT NULL REFERENCES kommune (cvr),
  ADD PRIMARY KEY (kommune_cvr, user_system_uuid, noegle);

-- The views read with the querying role's rights, so that the policies of their tables apply to
-- it (a view otherwise runs with its owner's, and the owner is exempt).
ALTER VIEW registrering_raekker SET (security_invoker = true);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['part', 'registrering', 'kontaktadresse', 'kontaktkanal',
                           'kontaktform', 'haendelse', 'adgangslog', 'opgavesprog',
                           'idempotensnoegle']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY kommune_isolation ON %I '
      'USING (kommune_cvr = current_setting(''kontaktdata.kommune'', true)) '
      'WITH CHECK (kommune_cvr = current_setting(''kontaktdata.kommune'', true))', t);
  END LOOP;
END
$$;

-- kommune: the serving role sees, and moves the feed counter of, its own municipality only.
ALTER TABLE kommune ENABLE ROW LEVEL SECURITY;
CREATE POLICY kommune_isolation ON kommune
  USING (cvr = current_setting('kontaktdata.kommune', true))
  WITH CHECK (cvr = current_setting('kontaktdata.kommune', true));
