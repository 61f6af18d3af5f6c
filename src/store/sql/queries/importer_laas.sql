-- Importer, first step: locks the rows of the batch's parts that exist already, in one order
-- (part_type, nummer) so that concurrent imports of overlapping batches do not deadlock. Held to
-- the commit, the locks let the next step (importer.sql, a statement of its own) see each
-- existing part's current state, which decides OPSTAAET or IMPORTERET. Returns one row per
-- existing part (nothing the caller needs).
-- $1: kommune_cvr
-- $2: the parts, a JSON array of objects {"nr", "part_type", "nummer"} (as importer.sql's $7)
SELECT p.id
FROM part p
JOIN json_to_recordset($2::json) AS x (nr integer, part_type text, nummer text)
  ON p.part_type = x.part_type AND p.nummer = x.nummer
WHERE p.kommune_cvr = $1
ORDER BY p.part_type, p.nummer
FOR UPDATE OF p
