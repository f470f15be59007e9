-- Cards module: the back office finds a card by what a cardholder reads out (BIN and last 4 digits).

CREATE INDEX cards_bin_last4 ON cards.cards (bin, last4, seq);
