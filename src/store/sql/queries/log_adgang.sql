-- Writes one access-log line per part in one statement (a batch logs every part it read or
-- wrote). The part is recorded by the identifier the caller used, which outlives erasure, with
-- its id as a link when the municipality holds (or held) it.
-- $1: kommune_cvr
-- $2: the time of the call (timestamptz text with microseconds and zone)
-- $3: the operation's wire name ('Laes', 'Opret', ...)
-- $4: UserSystemUUID
-- $5: UserUUID
-- $6: OnBehalfOfUser (NULL when absent)
-- $7: CallersServiceCallIdentifier (NULL when absent)
-- $8: the parts, a JSON array of objects {"nr", "part_type", "nummer"}; one line each, in nr order
INSERT INTO adgangslog (kommune_cvr, tidspunkt, part_type, nummer, part_id, operation,
                        user_system_uuid, user_uuid, on_behalf_of_user,
                        callers_service_call_identifier)
SELECT $1, $2::timestamptz, x.part_type, x.nummer, p.id, $3, $4::uuid, $5, $6, $7
FROM jsonb_to_recordset($8::jsonb) AS x (nr integer, part_type text, nummer text)
LEFT JOIN part p ON p.kommune_cvr = $1 AND p.part_type = x.part_type AND p.nummer = x.nummer
ORDER BY x.nr
