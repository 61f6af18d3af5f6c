-- Test cleanup (as the owner): removes one part with its registrations, children and feed
-- events. $1: kommune_cvr, $2: part_type ('CPR' | 'CVR'), $3: nummer
WITH haendelser AS (
  DELETE FROM haendelse WHERE kommune_cvr = $1 AND part_type = $2 AND nummer = $3
)
DELETE FROM part WHERE kommune_cvr = $1 AND part_type = $2 AND nummer = $3
