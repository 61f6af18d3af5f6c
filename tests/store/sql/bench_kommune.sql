-- The benchmark's municipality in the scratch schema kd_bench (as the owner; run on a connection
-- whose search_path is kd_bench). $1: its CVR number
INSERT INTO kommune (cvr, navn) VALUES ($1, 'Benchmark') ON CONFLICT (cvr) DO NOTHING
