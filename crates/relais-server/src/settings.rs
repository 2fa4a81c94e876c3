//! Server settings. Every one has a working default, so `relais serve` needs
//! no file; the binary layers `relais.toml` and `RELAIS_*` variables on top.

use std::net::SocketAddr;
use std::path::PathBuf;

use relais_core::PolicySettings;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where to listen.
    pub listen: SocketAddr,
    /// Where the SQLite database (and, later, keys and uploads) live.
    pub data_dir: PathBuf,
    /// The address children and platforms reach this server at; links to
    /// Relais's own pages are built from it. Defaults to `http://<listen>`.
    pub public_url: Option<String>,
    pub database: DatabaseSettings,
    pub directory: DirectorySettings,
    pub policy: PolicySettings,
    pub limits: Limits,
    pub stats: StatsSettings,
    pub auth: AuthSettings,
    pub handoff: HandoffSettings,
    pub console: ConsoleSettings,
    pub queue: QueueSettings,
    pub retention: RetentionSettings,
    pub notices: NoticeSettings,
    pub server: ServerSettings,
    pub metrics: MetricsSettings,
    pub chat: ChatSettings,
    pub messaging: MessagingSettings,
    pub public: PublicSettings,
}

/// The pages a child opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublicSettings {
    /// Where the quick exit leads: a neutral page (a search for the weather),
    /// put in place of the page so that the back button does not return to it.
    pub quick_exit_url: String,
}

impl Default for PublicSettings {
    fn default() -> Self {
        PublicSettings { quick_exit_url: "https://www.google.com/search?q=m%C3%A9t%C3%A9o".to_owned() }
    }
}

/// Messaging apps (WhatsApp, Messenger, Instagram). The channels themselves
/// (accounts and secrets) are added with `relais channel add` and kept sealed
/// in the database, not here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MessagingSettings {
    /// Meta's Graph API; tests and the demo point it at a stand-in.
    pub graph_url: String,
    /// The Graph API version in its paths.
    pub graph_version: String,
    /// The language the helpline answers in on the apps (system messages, the opening hours).
    pub locale: relais_core::Locale,
    /// The largest attachment kept as evidence; larger ones are described, not kept.
    pub max_media_bytes: u64,
    /// The largest webhook body taken.
    pub webhook_max_bytes: usize,
    /// How long one call to the Graph API may take.
    pub request_timeout_seconds: u64,
    /// Attempts at a reply (or a webhook to take in) before it is given up on.
    pub max_attempts: u32,
    pub base_backoff_seconds: u64,
    pub max_backoff_seconds: u64,
    /// How often the intake and the replies look for work without being woken.
    pub poll_millis: u64,
}

impl Default for MessagingSettings {
    fn default() -> Self {
        MessagingSettings {
            graph_url: "https://graph.facebook.com".to_owned(),
            graph_version: "v23.0".to_owned(),
            locale: relais_core::Locale::Fr,
            // WhatsApp's own limit for video and audio; images are 5 MB there.
            max_media_bytes: 16 * 1024 * 1024,
            webhook_max_bytes: 1024 * 1024,
            request_timeout_seconds: 10,
            max_attempts: 6,
            base_backoff_seconds: 5,
            max_backoff_seconds: 600,
            poll_millis: 1000,
        }
    }
}

/// The live chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChatSettings {
    /// Whether this server answers chats for its home helpline (`/chat/<id>`);
    /// the directory's chat link is offered otherwise.
    pub enabled: bool,
    /// How often a connection looks at its conversation in case a wake-up was lost.
    pub poll_millis: u64,
    /// Messages per conversation and minute, for each side.
    pub messages_per_minute: u32,
    /// What children send (messages, and every post beside a stream) per
    /// client address and minute, whatever the conversation: a school's
    /// network shares one address among several children.
    pub sends_per_minute_per_address: u32,
    /// Conversations started per client address and hour.
    pub starts_per_hour: u32,
    /// Connections (sockets and streams) per client address and minute.
    pub connects_per_minute: u32,
    /// How often each waiting child's place in the queue is worked out.
    pub positions_seconds: u64,
}

impl Default for ChatSettings {
    fn default() -> Self {
        ChatSettings {
            enabled: true,
            poll_millis: 5000,
            messages_per_minute: 30,
            sends_per_minute_per_address: 120,
            starts_per_hour: 10,
            connects_per_minute: 30,
            positions_seconds: 3,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("relais-data"),
            public_url: None,
            database: DatabaseSettings::default(),
            directory: DirectorySettings::default(),
            policy: PolicySettings::default(),
            limits: Limits::default(),
            stats: StatsSettings::default(),
            auth: AuthSettings::default(),
            handoff: HandoffSettings::default(),
            console: ConsoleSettings::default(),
            queue: QueueSettings::default(),
            retention: RetentionSettings::default(),
            notices: NoticeSettings::default(),
            server: ServerSettings::default(),
            metrics: MetricsSettings::default(),
            chat: ChatSettings::default(),
            messaging: MessagingSettings::default(),
            public: PublicSettings::default(),
        }
    }
}

impl Settings {
    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen))
    }

    /// The settings as they may be shown: the metrics token and the
    /// database's password replaced by `…`.
    pub fn redacted(&self) -> Settings {
        let mut shown = self.clone();
        if shown.metrics.token.is_some() {
            shown.metrics.token = Some("…".to_owned());
        }
        if let Some(url) = &shown.database.url {
            shown.database.url = Some(redact_password(url));
        }
        shown
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:…@host/db`.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.split_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:…@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// How the server sits on the network.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSettings {
    /// The proxies in front of Relais (addresses or CIDR blocks, such as
    /// `10.0.0.0/8`): only from them are `Forwarded` and `X-Forwarded-For`
    /// believed, to tell one child from another behind the proxy.
    pub trusted_proxies: Vec<String>,
}

/// Where Prometheus reads `/metrics`. By default nowhere public: give a
/// listen address of its own (a port only the monitoring reaches), or a
/// token the scraper sends as `Authorization: Bearer …` to the main address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsSettings {
    pub listen: Option<SocketAddr>,
    pub token: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_not_shown() {
        let mut s = Settings::default();
        s.metrics.token = Some("a-long-scraper-token".into());
        s.database.url = Some("postgres://relais:hunter2@db.internal:5432/relais".into());
        let shown = toml::to_string(&s.redacted()).unwrap();
        assert!(!shown.contains("hunter2") && !shown.contains("a-long-scraper-token"), "{shown}");
        assert!(shown.contains("postgres://relais:…@db.internal:5432/relais"), "{shown}");
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// A `postgres://` URL; when absent, SQLite in the data directory.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DirectorySettings {
    /// A helpline directory file replacing the one shipped in the binary.
    pub path: Option<PathBuf>,
    /// An advice file (sheets and other services) replacing the one shipped in the binary.
    pub advice_path: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// The largest request body accepted, in bytes (a handoff with a full
    /// description and fifty links fits in 64 KiB).
    pub body_bytes: usize,
    /// Lookups of handoff codes per client address and minute: enough for a
    /// child who mistypes, too few to guess codes.
    pub code_lookups_per_minute: u32,
    /// Widget answers per client address and minute.
    pub widget_calls_per_minute: u32,
    /// Widget answers per token and minute, whatever the address: what one copied token can ask.
    pub widget_calls_per_token_per_minute: u32,
    /// The largest capture a counsellor can attach to a case, in bytes.
    pub evidence_file_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 64 * 1024,
            code_lookups_per_minute: 10,
            widget_calls_per_minute: 60,
            widget_calls_per_token_per_minute: 30,
            evidence_file_bytes: relais_core::evidence::DEFAULT_MAX_FILE_BYTES,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HandoffSettings {
    /// How long a handoff waits for the child before its context is erased.
    pub ttl_hours: u32,
    /// The helpline whose contact card `/contact.vcf` serves by default.
    pub home_helpline: String,
}

impl Default for HandoffSettings {
    fn default() -> Self {
        HandoffSettings { ttl_hours: 72, home_helpline: "fr-3018".to_owned() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatsSettings {
    /// How often referral counts held in memory are written to the database.
    pub flush_seconds: u64,
}

impl Default for StatsSettings {
    fn default() -> Self {
        StatsSettings { flush_seconds: 10 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSettings {
    /// How often the key cache is reloaded, which bounds how long a revoked
    /// key keeps working on a running server.
    pub refresh_seconds: u64,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings { refresh_seconds: 5 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConsoleSettings {
    /// A session unused this long ends (a counsellor who walked away).
    pub idle_seconds: u64,
    /// A session ends this long after sign-in, used or not (a shift).
    pub max_session_seconds: u64,
    /// How often an open console's live queue reads the queue again on its
    /// own, and checks that its session is still live. A case moving, on this
    /// server or another, pushes the queue at once; this look is the backstop
    /// (a signal lost with a connection, the minutes waited going on).
    pub live_queue_millis: u64,
    /// Failed sign-ins from one address before each next one must wait (a
    /// helpline's office may sit behind one address: be generous).
    pub free_failures_per_address: u32,
    /// Failed sign-ins from one address for one name before each next one must wait.
    pub free_failures_per_name: u32,
    /// The first wait; each further failure doubles it.
    pub first_wait_seconds: u64,
    /// The longest wait.
    pub max_wait_seconds: u64,
    /// Failed sign-ins in an hour, from anywhere, that raise the alarm (an
    /// attack spread over many addresses, which no per-address wait slows).
    pub alarm_failures_per_hour: u32,
    /// Which cases each role may open.
    pub access: AccessSettings,
}

/// Which cases each role may open: any of `queue` (waiting in the queue the
/// role answers), `assigned` (assigned to them), `worked_on` (they took,
/// wrote in, moved or found it by the child's code), `approval` (a notice on
/// it waits for an approval), or `all`. Anything else
/// is refused with a 403 that goes to the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AccessSettings {
    pub listener: Vec<relais_core::case::access::Access>,
    pub psychologist: Vec<relais_core::case::access::Access>,
    pub jurist: Vec<relais_core::case::access::Access>,
    pub supervisor: Vec<relais_core::case::access::Access>,
}

impl AccessSettings {
    /// What a role may open; an admin, who works no cases, nothing.
    pub fn of(&self, role: relais_core::staff::Role) -> &[relais_core::case::access::Access] {
        use relais_core::staff::Role;
        match role {
            Role::Listener => &self.listener,
            Role::Psychologist => &self.psychologist,
            Role::Jurist => &self.jurist,
            Role::Supervisor => &self.supervisor,
            Role::Admin => &[],
        }
    }
}

impl Default for AccessSettings {
    fn default() -> Self {
        use relais_core::case::access::{COUNSELLOR, JURIST, SUPERVISOR};
        AccessSettings {
            listener: COUNSELLOR.to_vec(),
            psychologist: COUNSELLOR.to_vec(),
            jurist: JURIST.to_vec(),
            supervisor: SUPERVISOR.to_vec(),
        }
    }
}

impl ConsoleSettings {
    /// When a session ends by itself.
    pub fn session_limits(&self) -> relais_core::staff::SessionLimits {
        relais_core::staff::SessionLimits {
            idle: jiff::SignedDuration::from_secs(self.idle_seconds.min(i64::MAX as u64) as i64),
            shift: jiff::SignedDuration::from_secs(self.max_session_seconds.min(i64::MAX as u64) as i64),
        }
    }

    /// How failures slow the next sign-in: from an address, and from an address for one name.
    pub fn backoffs(&self) -> (relais_core::staff::Backoff, relais_core::staff::Backoff) {
        let secs = |s: u64| jiff::SignedDuration::from_secs(s.min(i64::MAX as u64) as i64);
        let backoff = |free| relais_core::staff::Backoff {
            free,
            first_wait: secs(self.first_wait_seconds),
            max_wait: secs(self.max_wait_seconds),
            forget_after: jiff::SignedDuration::from_hours(1),
        };
        (backoff(self.free_failures_per_address), backoff(self.free_failures_per_name))
    }
}

impl Default for ConsoleSettings {
    fn default() -> Self {
        ConsoleSettings {
            idle_seconds: 30 * 60,
            max_session_seconds: 12 * 3600,
            live_queue_millis: 5000,
            free_failures_per_address: 20,
            free_failures_per_name: 5,
            first_wait_seconds: 30,
            max_wait_seconds: 15 * 60,
            alarm_failures_per_hour: 100,
            access: AccessSettings::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QueueSettings {
    /// Mean handling time of a contact by a listener, for the wait shown to children.
    pub handle_seconds: f64,
    /// How often the live wait estimate is recomputed.
    pub refresh_seconds: u64,
}

impl Default for QueueSettings {
    fn default() -> Self {
        QueueSettings { handle_seconds: 720.0, refresh_seconds: 5 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetentionSettings {
    /// Closed cases are erased (crypto-shredded) this many days after closing.
    pub closed_case_days: u32,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        RetentionSettings { closed_case_days: 365 }
    }
}

pub use relais_core::notice::ApprovalRule;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NoticeSettings {
    pub approval: ApprovalRule,
    /// Attempts before a notice is dead-lettered and raised to the supervisors.
    pub max_attempts: u32,
    /// The first retry waits this long; each next one twice as long (with jitter), up to `max_backoff_seconds`.
    pub base_backoff_seconds: u64,
    pub max_backoff_seconds: u64,
    /// How long a platform's endpoint has to answer one delivery.
    pub request_timeout_seconds: u64,
    /// How often the outbox is looked at when it is idle.
    pub poll_milliseconds: u64,
    /// The target when a platform's connector does not set one: one hour.
    pub default_sla_minutes: u32,
    /// How the helpline signs its notices, as a trusted flagger (Art. 16(2)(c)); the
    /// home helpline's operator and name by default.
    pub notifier_name: Option<String>,
    pub notifier_email: Option<String>,
    /// The statement of independence the yearly report carries (DSA Art. 22(3)); a default one otherwise.
    pub statement_of_independence: Option<String>,
    /// A PEM file of certificate authorities trusted besides the system's, for a
    /// platform whose notice endpoint runs on its own authority.
    pub extra_roots_pem: Option<std::path::PathBuf>,
}

impl Default for NoticeSettings {
    fn default() -> Self {
        NoticeSettings {
            approval: ApprovalRule::JuristOrSupervisor,
            max_attempts: 8,
            base_backoff_seconds: 5,
            max_backoff_seconds: 600,
            request_timeout_seconds: 10,
            poll_milliseconds: 250,
            default_sla_minutes: 60,
            notifier_name: None,
            notifier_email: None,
            statement_of_independence: None,
            extra_roots_pem: None,
        }
    }
}
