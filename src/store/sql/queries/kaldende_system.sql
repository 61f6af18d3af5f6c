-- A calling system and the operations it is granted in one municipality: one row per granted
-- operation, a single row with operation NULL when it is granted nothing there, and no row for
-- an unknown system.
-- $1: UserSystemUUID (text in canonical UUID form; the caller checks that first)
-- $2: the municipality's CVR number
SELECT s.navn, s.ser_beskyttede_adresser, b.operation
FROM kaldende_system s
LEFT JOIN bevilling b ON b.system_uuid = s.uuid AND b.kommune_cvr = $2
WHERE s.uuid = $1::uuid
ORDER BY b.operation
