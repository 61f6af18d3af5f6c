-- How many rows of the view registrering_raekker belong to one municipality (as the owner).
-- $1: its CVR number
SELECT count(*) FROM registrering_raekker v JOIN registrering r ON r.id = v.registrering_id
WHERE r.kommune_cvr = $1
