-- Probe for the app role, which must be refused: grants a system an operation.
-- No parameters.
INSERT INTO bevilling (system_uuid, kommune_cvr, operation)
VALUES ('6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0002', '64942212', 'Opret')
