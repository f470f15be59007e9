-- GET /api/audit?keyName=&outcome= (docs/console.md, "Audit"): newest first per key name and per outcome.
-- action is a substring filter over the newest-first scan (no index: the trail is admin-only and read rarely).
CREATE INDEX audit_entries_key_name ON access.audit_entries (key_name, id);
CREATE INDEX audit_entries_outcome ON access.audit_entries (outcome, id);
