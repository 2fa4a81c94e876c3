-- The sender's own number for a message: a message sent again after a lost
-- acknowledgement (the network dropped, the page reconnected) is found by it
-- and acknowledged with the number it was stored under, not stored twice.
ALTER TABLE conversation_messages ADD COLUMN client_ref TEXT;
CREATE UNIQUE INDEX conversation_messages_client_ref
    ON conversation_messages (conversation_id, author, client_ref);
