-- Marks a part passivated (as the owner), standing in for Passiver until it is built.
-- $1: kommune_cvr, $2: part_type ('CPR' | 'CVR'), $3: nummer
UPDATE part SET tilstand = 'PASSIVERET'
WHERE kommune_cvr = $1 AND part_type = $2 AND nummer = $3
