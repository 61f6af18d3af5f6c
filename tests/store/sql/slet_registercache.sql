-- Removes the register cache's entries of some parts (as the owner): the cache belongs to no
-- municipality, so tom_kommune leaves it alone and each test file removes its own entries.
-- $1: the parts, a JSON array of objects {"part_type", "nummer"}
DELETE FROM registercache c
USING jsonb_to_recordset($1::jsonb) AS x (part_type text, nummer text)
WHERE c.part_type = x.part_type AND c.nummer = x.nummer
