-- Demo data (shared/design/DEMO-DATA.md): the two municipalities, the two calling systems and
-- their grants. No persons: their contact data is created through the service.
--
-- Run after migrating, as the owner role, e.g.
--   psql "$OWNER_DSN" -v ON_ERROR_STOP=1 -f deploy/demo-data.sql
-- Idempotent: every run leaves exactly the state below (upserts; the demo systems' grants are
-- made to match the list). Plain SQL, no psql meta-commands, so that tests can run it too.

BEGIN;

INSERT INTO kommune (cvr, navn) VALUES
  ('55133018', 'Aarhus Kommune'),
  ('64942212', 'Københavns Kommune')
ON CONFLICT (cvr) DO UPDATE SET navn = EXCLUDED.navn;

INSERT INTO kaldende_system (uuid, navn, ser_beskyttede_adresser) VALUES
  ('6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001', 'Demo ESDH', true),
  ('6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0002', 'Demo fagsystem', false)
ON CONFLICT (uuid) DO UPDATE
  SET navn = EXCLUDED.navn, ser_beskyttede_adresser = EXCLUDED.ser_beskyttede_adresser;

CREATE TEMPORARY TABLE demo_bevilling (system_uuid uuid, kommune_cvr text, operation text)
  ON COMMIT DROP;

-- Demo ESDH: every operation in both municipalities.
INSERT INTO demo_bevilling
SELECT '6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001', k.cvr, o.operation
FROM (VALUES ('55133018'), ('64942212')) AS k (cvr)
CROSS JOIN (VALUES ('Laes'), ('List'), ('Opret'), ('Ret'), ('Passiver'), ('Slet'), ('Importer'),
                   ('HentKontaktanvisning'), ('LaesOpgavesprog'), ('RetOpgavesprog'),
                   ('ListHaendelser'), ('ListAdgangslog')) AS o (operation);

-- Demo fagsystem: HentKontaktanvisning, Laes and List in Aarhus only.
INSERT INTO demo_bevilling
SELECT '6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0002', '55133018', o.operation
FROM (VALUES ('HentKontaktanvisning'), ('Laes'), ('List')) AS o (operation);

DELETE FROM bevilling b
WHERE b.system_uuid IN ('6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001',
                        '6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0002')
  AND NOT EXISTS (SELECT 1 FROM demo_bevilling d
                  WHERE d.system_uuid = b.system_uuid AND d.kommune_cvr = b.kommune_cvr
                    AND d.operation = b.operation);

INSERT INTO bevilling (system_uuid, kommune_cvr, operation)
SELECT system_uuid, kommune_cvr, operation FROM demo_bevilling
ON CONFLICT DO NOTHING;

COMMIT;
