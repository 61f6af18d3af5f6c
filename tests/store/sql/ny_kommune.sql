-- Creates a test municipality (as the owner) unless it exists. Each store test file uses
-- municipalities of its own, so that test files running in parallel (ctest -j) never see each
-- other's parts, events or feed numbers. $1: its CVR number, $2: its name
INSERT INTO kommune (cvr, navn) VALUES ($1, $2) ON CONFLICT (cvr) DO NOTHING
