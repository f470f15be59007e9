-- Clearing matching (clearing-file.md §5) looks for the authorizations of one card with one approval code.
-- log_approval_code (approval code alone) answered every authorization with that code, of every card (codes
-- repeat across cards: with 10,000 cards about 10,000 rows a probe), and log_card (card_id, id) every
-- authorization of the card, each read from the table to compare its code: 0.35 s for a batch of 20,000
-- presentments at first, 1.5-1.9 s later in a million-presentment import (docs/benchmarks-clearing.md).
-- Widened to (approval code, card) it answers the one row; it replaces the old index rather than adding one,
-- so an authorization's log insert still updates the same number of indexes, each entry a card id longer.
-- Queries by approval code alone use its leading column as before.
CREATE INDEX log_approval_code_card ON log (approval_code, card_id) WHERE approval_code IS NOT NULL;
DROP INDEX log_approval_code;
