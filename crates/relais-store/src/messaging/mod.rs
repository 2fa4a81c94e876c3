//! Conversations that come from messaging apps (WhatsApp, Messenger,
//! Instagram): the accounts a helpline answers on ([`channels`]), what the
//! platforms deliver ([`inbound`]), what leaves for them ([`outbound`]), and
//! the people who write, known by a keyed digest of their address
//! ([`Sender`]).

pub mod channels;
pub mod inbound;
pub mod outbound;

pub use channels::{AppChannel, AppSecrets, NewAppChannel, Template};
pub use inbound::{InboxItem, Incoming, TakenIn};
pub use outbound::{Reply, Undelivered};

use jiff::Timestamp;
use relais_core::id::{AppChannelId, SenderId, StaffId};
use relais_core::messaging::AppKind;

use crate::audit::{Actor, subject};
use crate::row::{Read, millis, one};
use crate::{Result, Store};

/// Someone who writes from an app, as a counsellor sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub id: SenderId,
    pub channel_id: AppChannelId,
    pub kind: AppKind,
    /// Their address with most of it hidden (`+33 6•• •• •• 42`).
    pub masked: String,
    /// Messages from them are dropped until then.
    pub blocked_until: Option<Timestamp>,
}

impl Store {
    /// A sender, as a counsellor sees them.
    pub async fn sender(&self, id: SenderId) -> Result<Option<Sender>> {
        let row = sqlx::query(
            "SELECT s.id, s.channel_id, s.masked, s.blocked_until, c.kind FROM messaging_senders s \
             JOIN messaging_channels c ON c.id = s.channel_id WHERE s.id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Sender {
                id: r.id("id")?,
                channel_id: r.id("channel_id")?,
                kind: r.code("kind")?,
                masked: r.text("masked")?,
                blocked_until: r.at_opt("blocked_until")?,
            })
        })
        .transpose()
    }

    /// Drops what a sender writes until `until` (none lifts a block), as
    /// `by` decided, on the audit trail. False if there is no such sender.
    pub async fn block_sender(
        &self,
        id: SenderId,
        until: Option<Timestamp>,
        by: StaffId,
        at: Timestamp,
    ) -> Result<bool> {
        let mut write = self.audited().await?;
        let done = sqlx::query("UPDATE messaging_senders SET blocked_until = $1 WHERE id = $2")
            .bind(until.map(millis))
            .bind(id.to_string())
            .execute(&mut *write.tx)
            .await?;
        if !one(done) {
            return Ok(false);
        }
        let action = if until.is_some() { "sender.block" } else { "sender.unblock" };
        write.commit(Actor::Staff(by).did(action, subject::sender(id)), at).await?;
        Ok(true)
    }
}
