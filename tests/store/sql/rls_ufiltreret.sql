-- A deliberately unfiltered read of every table of tenant data: no WHERE clause at all, so only
-- row-level security decides what comes back. One row per row read: the table and the row's
-- municipality. No parameters.
SELECT 'part' AS tabel, kommune_cvr FROM part
UNION ALL SELECT 'registrering', kommune_cvr FROM registrering
UNION ALL SELECT 'kontaktadresse', kommune_cvr FROM kontaktadresse
UNION ALL SELECT 'kontaktkanal', kommune_cvr FROM kontaktkanal
UNION ALL SELECT 'kontaktform', kommune_cvr FROM kontaktform
UNION ALL SELECT 'haendelse', kommune_cvr FROM haendelse
UNION ALL SELECT 'adgangslog', kommune_cvr FROM adgangslog
UNION ALL SELECT 'opgavesprog', kommune_cvr FROM opgavesprog
UNION ALL SELECT 'idempotensnoegle', kommune_cvr FROM idempotensnoegle
UNION ALL SELECT 'kommune', cvr FROM kommune
