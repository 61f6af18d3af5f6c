-- Whether a calling system's idempotency key is stored (as the owner); one row, one boolean.
-- $1: UserSystemUUID, $2: the key
SELECT EXISTS (SELECT 1 FROM idempotensnoegle WHERE user_system_uuid = $1::uuid AND noegle = $2)
