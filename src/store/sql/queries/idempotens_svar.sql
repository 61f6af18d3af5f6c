-- The answer stored for a calling system's idempotency key, one row per item in the order
-- stored; a single row with nr NULL when the stored answer is an empty list, none when the key
-- has no answer.
-- $1: UserSystemUUID
-- $2: the key (CallersServiceCallIdentifier)
-- $3: the municipality's CVR number
SELECT x.nr, x.part_type, x.nummer, x.status, x.version, x.fejl_kode, x.fejl_tekst
FROM idempotensnoegle k
LEFT JOIN LATERAL jsonb_to_recordset(k.svar) AS x (
  nr integer, part_type text, nummer text, status text, version bigint, fejl_kode text,
  fejl_tekst text) ON true
WHERE k.kommune_cvr = $3 AND k.user_system_uuid = $1::uuid AND k.noegle = $2
  AND k.svar IS NOT NULL
ORDER BY x.nr
