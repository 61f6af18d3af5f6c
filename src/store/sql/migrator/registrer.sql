-- Records one migration as applied. $1: its name (e.g. V001__grundskema), $2: the SHA-256 (hex)
-- of its text.
INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)
