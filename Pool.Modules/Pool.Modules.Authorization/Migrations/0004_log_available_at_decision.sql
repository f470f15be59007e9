-- The available balance each logged decision was taken against (the console's "declined 51: ¥9,000
-- requested, ¥8,800 available"): available after the record − its posted delta + its held delta, from
-- records that carry the AvailableBalanceRecorded flag. NULL for an unknown card and for rows logged before.
ALTER TABLE log ADD COLUMN available_at_decision bigint NULL;

-- GET /api/authorizations filters (docs/authorizations.md): newest first by response code, and by time.
CREATE INDEX log_response_code ON log (response_code, id);
CREATE INDEX log_decided_at ON log (decided_at);

-- GET /api/authorizations/{id} related messages: the messages under a key, and the reversals naming it (DE90).
CREATE INDEX log_key ON log (acquirer_id, stan, transmitted_at);
CREATE INDEX log_original_key ON log (original_acquirer_id, original_stan, original_transmitted_at) WHERE original_acquirer_id IS NOT NULL;
