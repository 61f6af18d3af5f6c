-- How many of some parts have an entry in the register cache, of any age (as the owner); one
-- row, one count.
-- $1: the parts, a JSON array of objects {"part_type", "nummer"}
SELECT count(*) AS antal
FROM registercache c
JOIN jsonb_to_recordset($1::jsonb) AS x (part_type text, nummer text)
  ON c.part_type = x.part_type AND c.nummer = x.nummer
