-- GET /api/clearing/postings?authorizationId=: the clearing details posted against an authorization
-- (the console's authorization history).
CREATE INDEX details_authorization ON clearing.details (authorization_id) WHERE authorization_id IS NOT NULL;
