//! The counsellors' console, in French and English. `{helpline}` stands for
//! the helpline's name from the directory, so the same console serves any line.

use crate::case::{CaseStatus, Outcome, Skill};
use crate::notice::{ActionAsked, NoticeStatus};
use crate::risk::RiskLevel;
use crate::{AgeBand, Locale};

/// Every word the console shows, for one language.
#[derive(Debug)]
pub struct ConsoleText {
    // Signing in.
    pub sign_in_title: &'static str,
    pub name: &'static str,
    pub password: &'static str,
    pub one_time_code: &'static str,
    pub one_time_code_hint: &'static str,
    pub sign_in: &'static str,
    pub wrong_credentials: &'static str,
    /// Too many failures from here: `{minutes}` before the next attempt is heard.
    pub slow_down: &'static str,
    // The password page.
    pub password_title: &'static str,
    pub password_link: &'static str,
    /// Shown when the password is a one-time password someone else chose.
    pub must_change_password: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    /// As many characters as `staff::MIN_PASSWORD_LENGTH` at least.
    pub new_password_hint: &'static str,
    pub repeat_password: &'static str,
    pub change_password: &'static str,
    pub password_changed: &'static str,
    // Home.
    pub title: &'static str,
    /// Before a value: " :" in French typography, ":" in English.
    pub colon: &'static str,
    pub signed_in_as: &'static str,
    pub sign_out: &'static str,
    pub dashboard: &'static str,
    pub audit_log: &'static str,
    pub other_language: &'static str,
    pub queue_empty: &'static str,
    pub no_case_with_code: &'static str,
    pub transferred: &'static str,
    pub unknown_handoff_code: &'static str,
    pub queue: &'static str,
    pub take_next: &'static str,
    pub risk: &'static str,
    pub category: &'static str,
    pub age: &'static str,
    pub waited: &'static str,
    pub log_call: &'static str,
    pub caller_says: &'static str,
    pub open_call_case: &'static str,
    pub find_by_code: &'static str,
    pub find: &'static str,
    pub handoff_code: &'static str,
    pub open_case: &'static str,
    // The case page.
    pub case: &'static str,
    pub channel: &'static str,
    pub status: &'static str,
    pub handed_over_by: &'static str,
    /// The app a child named on the web form, quoted as theirs: `{app}`.
    pub app_named_by_child: &'static str,
    pub form_or_phone: &'static str,
    pub reported_account: &'static str,
    pub child_wrote: &'static str,
    pub evidence: &'static str,
    pub no_evidence: &'static str,
    pub evidence_link: &'static str,
    pub evidence_content_id: &'static str,
    pub evidence_file: &'static str,
    pub evidence_captured_at: &'static str,
    pub add_evidence: &'static str,
    pub platform_id: &'static str,
    pub captured_on: &'static str,
    pub added_by: &'static str,
    pub the_platform: &'static str,
    pub notes: &'static str,
    pub add_note: &'static str,
    pub save_note: &'static str,
    pub change_risk: &'static str,
    pub why_required: &'static str,
    pub risk_changed: &'static str,
    pub to_waiting_for_platform: &'static str,
    pub to_resolved: &'static str,
    pub to_closed: &'static str,
    pub reopen: &'static str,
    pub transfer_to: &'static str,
    /// Jurist, psychologist, listener: whom a case is transferred to.
    pub transfer_targets: [&'static str; 3],
    pub transfer: &'static str,
    pub history: &'static str,
    pub notices: &'static str,
    pub no_notices: &'static str,
    pub new_notice: &'static str,
    pub notice_platform: &'static str,
    pub notice_items: &'static str,
    pub notice_explanation: &'static str,
    pub notice_explanation_hint: &'static str,
    pub notice_actions: &'static str,
    /// In the order of `ActionAsked::ALL`.
    pub actions_asked: [&'static str; 4],
    pub save_draft: &'static str,
    pub approve_and_send: &'static str,
    /// In the order of `NoticeStatus::ALL`.
    pub notice_statuses: [&'static str; 6],
    pub notice_line: &'static str,
    pub acknowledged_after: &'static str,
    pub decided_after: &'static str,
    /// The platform's target for this notice (its category's, if the platform set one).
    pub notice_target: &'static str,
    pub sla_breached: &'static str,
    pub no_connector: &'static str,
    pub appeal_line: &'static str,
    pub contest: &'static str,
    pub appeal_explanation: &'static str,
    /// The transparency database's measures, as a counsellor reads them.
    pub decisions: [(&'static str, &'static str); 10],
    pub fallback_contact: &'static str,
    pub escalate: &'static str,
    /// PHAROS, the school's referent, the public prosecutor.
    pub escalation_targets: [&'static str; 3],
    /// published_at, content_is_public, school, referent, facts, offences, guardians_informed.
    pub escalation_fields: [&'static str; 7],
    pub download_bundle: &'static str,
    pub sla_title: &'static str,
    pub sla_columns: [&'static str; 7],
    pub overdue_notices: &'static str,
    /// The supervisors' list of notices the outbox gave up on.
    pub undelivered_title: &'static str,
    /// platform, case, approved, attempts, last error, reach them.
    pub undelivered_columns: [&'static str; 6],
    pub send_again: &'static str,
    pub linked_reports: &'static str,
    pub attach_code: &'static str,
    pub attach: &'static str,
    pub outcome: &'static str,
    pub not_yet: &'static str,
    /// In the order of `Outcome::ALL`.
    pub outcomes: [&'static str; 6],
    pub save_outcome: &'static str,
    /// Who acted, when it was not a staff member: the child (web form), an operator (command line).
    pub actor_child: &'static str,
    pub actor_operator: &'static str,
    /// What happened to a case, by audit action (reads are not history).
    pub history_actions: [(&'static str, &'static str); 12],
    pub history_transfer: &'static str,
    pub history_status: &'static str,
    // The dashboard.
    pub live: &'static str,
    pub waiting: &'static str,
    pub oldest_since: &'static str,
    pub online: &'static str,
    pub month_by_category: &'static str,
    /// category, age band, school level, platform, channel, outcome.
    pub by: [&'static str; 6],
    /// A case whose outcome nobody has recorded yet.
    pub outcome_pending: &'static str,
    pub today: &'static str,
    pub this_month: &'static str,
    // The audit trail.
    pub chain_intact: &'static str,
    pub chain_broken: &'static str,
    pub audit_columns: [&'static str; 5],
    // Labels, in the order of their enums.
    pub risks: [&'static str; 4],
    /// Under 13, 13–17, 18 and over, unknown.
    pub ages: [&'static str; 4],
    pub statuses: [&'static str; 5],
    /// Primaire, collège, lycée, other, not given.
    pub schools: [&'static str; 5],
    /// Phone, web form, platform code, chat.
    pub channels: [&'static str; 4],
    /// Listeners, psychologists, jurists.
    pub queues: [&'static str; 3],
}

impl ConsoleText {
    pub fn get(locale: Locale) -> &'static ConsoleText {
        match locale {
            Locale::Fr => &FR,
            Locale::En => &EN,
        }
    }

    pub fn risk(&self, level: RiskLevel) -> &'static str {
        self.risks[level.rank() as usize]
    }

    pub fn age(&self, code: &str) -> &'static str {
        match AgeBand::from_code(code) {
            Some(AgeBand::Under13) => self.ages[0],
            Some(AgeBand::Age13To17) => self.ages[1],
            Some(AgeBand::Adult) => self.ages[2],
            _ => self.ages[3],
        }
    }

    pub fn status(&self, status: CaseStatus) -> &'static str {
        match status {
            CaseStatus::New => self.statuses[0],
            CaseStatus::InProgress => self.statuses[1],
            CaseStatus::WaitingForPlatform => self.statuses[2],
            CaseStatus::Resolved => self.statuses[3],
            CaseStatus::Closed => self.statuses[4],
        }
    }

    /// A school level or a channel as stored in the statistics.
    pub fn school(&self, code: &str) -> &'static str {
        match code {
            "primaire" => self.schools[0],
            "college" => self.schools[1],
            "lycee" => self.schools[2],
            "other" => self.schools[3],
            _ => self.schools[4],
        }
    }

    pub fn channel(&self, code: &str) -> &'static str {
        match code {
            "phone" => self.channels[0],
            "web_form" => self.channels[1],
            "handoff" => self.channels[2],
            _ => self.channels[3],
        }
    }

    pub fn outcome(&self, outcome: Outcome) -> &'static str {
        let i = Outcome::ALL.iter().position(|o| *o == outcome).unwrap_or(0);
        self.outcomes[i]
    }

    pub fn notice_status(&self, status: NoticeStatus) -> &'static str {
        let i = NoticeStatus::ALL.iter().position(|s| *s == status).unwrap_or(0);
        self.notice_statuses[i]
    }

    pub fn action_asked(&self, action: ActionAsked) -> &'static str {
        let i = ActionAsked::ALL.iter().position(|a| *a == action).unwrap_or(0);
        self.actions_asked[i]
    }

    pub fn queue(&self, skill: Skill) -> &'static str {
        match skill {
            Skill::Listener => self.queues[0],
            Skill::Psychologist => self.queues[1],
            Skill::Jurist => self.queues[2],
        }
    }
}

static FR: ConsoleText = ConsoleText {
    sign_in_title: "Console du {helpline} — connexion",
    name: "Identifiant",
    password: "Mot de passe",
    one_time_code: "Code à usage unique",
    one_time_code_hint: "Seulement si votre compte en demande un (application d'authentification).",
    sign_in: "Se connecter",
    wrong_credentials: "Identifiant, mot de passe ou code incorrect.",
    slow_down: "Trop d'essais depuis cet endroit\u{a0}: le prochain sera entendu dans {minutes}\u{a0}min.",
    password_title: "Changer de mot de passe",
    password_link: "Mot de passe",
    must_change_password: "Ce mot de passe vous a été donné pour vous connecter une première fois\u{a0}: \
                           choisissez le vôtre avant de continuer.",
    current_password: "Mot de passe actuel",
    new_password: "Nouveau mot de passe",
    new_password_hint: "12\u{a0}caractères au moins\u{a0}; une phrase se retient mieux qu'un mot.",
    repeat_password: "Nouveau mot de passe, encore",
    change_password: "Changer",
    password_changed: "Mot de passe changé. Vos autres sessions sont fermées.",
    title: "Console du {helpline}",
    colon: "\u{a0}:",
    signed_in_as: "Connecté·e : {name} ({role})",
    sign_out: "Se déconnecter",
    dashboard: "Tableau de bord",
    audit_log: "Journal d'audit",
    other_language: "English",
    queue_empty: "La file est vide.",
    no_case_with_code: "Aucun dossier ne porte ce code.",
    transferred: "Dossier transféré : il attend dans la file de ses destinataires.",
    unknown_handoff_code: "Ce code ne correspond à aucun signalement en attente (il a peut-être expiré ou déjà servi).",
    queue: "File d'attente",
    take_next: "Prendre le suivant",
    risk: "Risque",
    category: "Catégorie",
    age: "Âge",
    waited: "Attente",
    log_call: "Noter un appel",
    caller_says: "Ce que l'appelant·e raconte",
    open_call_case: "Ouvrir le dossier de l'appel",
    find_by_code: "Retrouver un dossier par son code",
    find: "Chercher",
    handoff_code: "Code donné par l'enfant (signalement d'une plateforme)",
    open_case: "Ouvrir le dossier",
    case: "Dossier {id}",
    channel: "Canal",
    status: "Statut",
    handed_over_by: "Transmis par {platform}",
    app_named_by_child: "application citée par l'enfant\u{a0}: «\u{a0}{app}\u{a0}»",
    form_or_phone: "formulaire ou téléphone",
    reported_account: "Compte signalé",
    child_wrote: "Ce que l'enfant a écrit",
    evidence: "Éléments de preuve",
    no_evidence: "Aucun élément pour l'instant.",
    evidence_link: "Lien vers le contenu",
    evidence_content_id: "Identifiant du contenu sur la plateforme",
    evidence_file: "Capture (image, vidéo ou PDF, {max} au plus)",
    evidence_captured_at: "Capturé le (heure locale, si connue)",
    add_evidence: "Ajouter l'élément",
    platform_id: "Identifiant plateforme",
    captured_on: "Capturé le",
    added_by: "Ajouté par",
    the_platform: "la plateforme",
    notes: "Notes",
    add_note: "Ajouter une note",
    save_note: "Enregistrer la note",
    change_risk: "Changer le risque",
    why_required: "Pourquoi ? (obligatoire)",
    risk_changed: "Risque changé en « {risk} » : {reason}",
    to_waiting_for_platform: "En attente de la plateforme",
    to_resolved: "Résolu",
    to_closed: "Clos",
    reopen: "Rouvrir",
    transfer_to: "Transférer à",
    transfer_targets: ["un·e juriste", "un·e psychologue", "un·e écoutant·e"],
    transfer: "Transférer",
    history: "Historique",
    notices: "Notifications aux plateformes",
    no_notices: "Aucune notification.",
    new_notice: "Notifier une plateforme (signaleur de confiance)",
    notice_platform: "Plateforme",
    notice_items: "Contenus à notifier",
    notice_explanation: "Pourquoi ces contenus sont illicites",
    notice_explanation_hint: "Les faits, sans le nom de l'enfant : la plateforme lira ce texte.",
    notice_actions: "Ce qui est demandé",
    actions_asked: ["retrait", "restriction", "mesure sur le compte", "conservation des preuves pour la police"],
    save_draft: "Enregistrer le brouillon",
    approve_and_send: "Approuver et envoyer",
    notice_statuses: [
        "brouillon",
        "approuvée, en cours d'envoi",
        "remise",
        "reçue par la plateforme",
        "décidée",
        "non remise (à reprendre)",
    ],
    notice_line: "{platform} · {status}",
    acknowledged_after: "reçue en {minutes} min",
    decided_after: "décidée en {minutes} min",
    notice_target: "délai visé : {minutes} min",
    sla_breached: "délai dépassé",
    no_connector: "Aucune plateforme n'est raccordée pour recevoir des notifications.",
    appeal_line: "Contestation (art. 20) · {platform} · {status}",
    contest: "Contester le refus (art. 20 du règlement sur les services numériques)",
    appeal_explanation: "Pourquoi la décision doit être revue",
    decisions: [
        ("DECISION_VISIBILITY_CONTENT_REMOVED", "contenu retiré"),
        ("DECISION_VISIBILITY_CONTENT_DISABLED", "accès au contenu bloqué"),
        ("DECISION_VISIBILITY_CONTENT_DEMOTED", "contenu rétrogradé"),
        ("DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED", "contenu réservé aux adultes"),
        ("DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED", "interactions restreintes"),
        ("DECISION_VISIBILITY_CONTENT_LABELLED", "contenu signalé par une mention"),
        ("DECISION_VISIBILITY_OTHER", "autre restriction"),
        ("DECISION_ACCOUNT_SUSPENDED", "compte suspendu"),
        ("DECISION_ACCOUNT_TERMINATED", "compte supprimé"),
        ("NO_ACTION", "aucune mesure (refus)"),
    ],
    fallback_contact: "À joindre autrement : {contact}",
    escalate: "Transmettre un dossier de preuves signé",
    escalation_targets: [
        "PHAROS (contenus publics illicites)",
        "Référent harcèlement de l'établissement",
        "Procureur de la République",
    ],
    escalation_fields: [
        "Date et heure de publication",
        "Le contenu est public (pas une conversation privée)",
        "Établissement",
        "Référent harcèlement (nom ou adresse)",
        "Les faits",
        "Infractions visées",
        "Les responsables légaux sont informés",
    ],
    download_bundle: "Télécharger le dossier signé",
    sla_title: "Notifications : délais des plateformes (30 jours)",
    sla_columns: [
        "plateforme",
        "notifications",
        "réception (médiane)",
        "décision (médiane)",
        "décision (90 %)",
        "décidées en 1 h",
        "en retard",
    ],
    overdue_notices: "Notifications sans décision après le délai",
    undelivered_title: "Notifications non remises : à renvoyer ou à transmettre autrement",
    undelivered_columns: ["plateforme", "dossier", "approuvée", "essais", "dernière erreur", "contact"],
    send_again: "Renvoyer",
    linked_reports: "Signalements de plateformes rattachés",
    attach_code: "Rattacher un autre code de plateforme",
    attach: "Rattacher",
    outcome: "Issue",
    not_yet: "pas encore",
    outcomes: [
        "écoute et conseils",
        "contenu retiré",
        "refus de la plateforme",
        "signalé aux autorités",
        "orienté vers un autre service",
        "plus de contact",
    ],
    save_outcome: "Enregistrer l'issue",
    actor_child: "l'enfant",
    actor_operator: "administration",
    history_actions: [
        ("case.open", "a écrit au formulaire"),
        ("case.open_from_handoff", "a ouvert le dossier avec le code d'une plateforme"),
        ("case.open_from_call", "a noté l'appel"),
        ("case.take", "a pris le dossier dans la file"),
        ("case.note", "a ajouté une note"),
        ("case.risk_override", "a changé le risque"),
        ("case.evidence.add", "a ajouté un élément de preuve"),
        ("case.link_handoff", "a rattaché le signalement d'une plateforme"),
        ("case.outcome", "a noté l'issue du dossier"),
        ("case.notice.draft", "a rédigé une notification à une plateforme"),
        ("case.notice.approve", "a approuvé et envoyé une notification"),
        ("case.notice.appeal", "a contesté le refus d'une plateforme"),
    ],
    history_transfer: "a transféré le dossier : {queue}",
    history_status: "a passé le statut à « {status} »",
    live: "En direct",
    waiting: "en attente",
    oldest_since: "la plus ancienne depuis",
    online: "en ligne",
    month_by_category: "Dossiers ouverts ce mois-ci, par catégorie",
    by: ["Par catégorie", "Par âge", "Par niveau scolaire", "Par plateforme", "Par canal", "Par issue"],
    outcome_pending: "issue pas encore notée",
    today: "aujourd'hui",
    this_month: "ce mois-ci",
    chain_intact: "Chaîne intacte : {rows} lignes.",
    chain_broken: "CHAÎNE ROMPUE à la ligne {seq} : {reason}",
    audit_columns: ["n°", "quand", "qui", "quoi", "sur"],
    risks: ["aucun", "faible", "élevé", "danger immédiat"],
    ages: ["moins de 13 ans", "13–17 ans", "18 ans ou plus", "non précisé"],
    statuses: ["en attente", "en cours", "en attente de la plateforme", "résolu", "clos"],
    schools: ["primaire", "collège", "lycée", "autre", "non précisé"],
    channels: ["téléphone", "formulaire web", "code d'une plateforme", "tchat"],
    queues: ["Écoutant·es", "Psychologues", "Juristes"],
};

static EN: ConsoleText = ConsoleText {
    sign_in_title: "{helpline} console — sign in",
    name: "User name",
    password: "Password",
    one_time_code: "One-time code",
    one_time_code_hint: "Only if your account asks for one (authenticator app).",
    sign_in: "Sign in",
    wrong_credentials: "Wrong user name, password or code.",
    slow_down: "Too many attempts from here: the next one will be heard in {minutes} min.",
    password_title: "Change your password",
    password_link: "Password",
    must_change_password: "This password was given to you for your first sign-in: choose your own before going on.",
    current_password: "Current password",
    new_password: "New password",
    new_password_hint: "At least 12 characters; a sentence is easier to remember than a word.",
    repeat_password: "New password, again",
    change_password: "Change",
    password_changed: "Password changed. Your other sessions are closed.",
    title: "{helpline} console",
    colon: ":",
    signed_in_as: "Signed in: {name} ({role})",
    sign_out: "Sign out",
    dashboard: "Dashboard",
    audit_log: "Audit trail",
    other_language: "Français",
    queue_empty: "The queue is empty.",
    no_case_with_code: "No case has this code.",
    transferred: "Case transferred: it waits in its recipients' queue.",
    unknown_handoff_code: "This code matches no waiting report (it may have expired or been used already).",
    queue: "Queue",
    take_next: "Take next",
    risk: "Risk",
    category: "Category",
    age: "Age",
    waited: "Waiting",
    log_call: "Log a call",
    caller_says: "What the caller says",
    open_call_case: "Open the call's case",
    find_by_code: "Find a case by its code",
    find: "Find",
    handoff_code: "Code given by the child (a platform's report)",
    open_case: "Open the case",
    case: "Case {id}",
    channel: "Channel",
    status: "Status",
    handed_over_by: "Handed over by {platform}",
    app_named_by_child: "app named by the child: “{app}”",
    form_or_phone: "web form or phone",
    reported_account: "Reported account",
    child_wrote: "What the child wrote",
    evidence: "Evidence",
    no_evidence: "No evidence yet.",
    evidence_link: "Link to the content",
    evidence_content_id: "The platform's id for the content",
    evidence_file: "Capture (image, video or PDF, at most {max})",
    evidence_captured_at: "Captured at (local time, if known)",
    add_evidence: "Add evidence",
    platform_id: "Platform id",
    captured_on: "Captured",
    added_by: "Added by",
    the_platform: "the platform",
    notes: "Notes",
    add_note: "Add a note",
    save_note: "Save the note",
    change_risk: "Change the risk",
    why_required: "Why? (required)",
    risk_changed: "Risk changed to “{risk}”: {reason}",
    to_waiting_for_platform: "Waiting for the platform",
    to_resolved: "Resolved",
    to_closed: "Closed",
    reopen: "Reopen",
    transfer_to: "Transfer to",
    transfer_targets: ["a jurist", "a psychologist", "a listener"],
    transfer: "Transfer",
    history: "History",
    notices: "Notices to platforms",
    no_notices: "No notices.",
    new_notice: "Notify a platform (trusted flagger)",
    notice_platform: "Platform",
    notice_items: "Content to notify",
    notice_explanation: "Why this content is illegal",
    notice_explanation_hint: "The facts, without the child's name: the platform will read this.",
    notice_actions: "What is asked",
    actions_asked: ["removal", "restriction", "action on the account", "preservation of evidence for the police"],
    save_draft: "Save the draft",
    approve_and_send: "Approve and send",
    notice_statuses: [
        "draft",
        "approved, being sent",
        "delivered",
        "received by the platform",
        "decided",
        "not delivered (take over)",
    ],
    notice_line: "{platform} · {status}",
    acknowledged_after: "received in {minutes} min",
    decided_after: "decided in {minutes} min",
    notice_target: "target: {minutes} min",
    sla_breached: "target missed",
    no_connector: "No platform is connected to receive notices.",
    appeal_line: "Appeal (Art. 20) · {platform} · {status}",
    contest: "Contest the refusal (Art. 20 of the Digital Services Act)",
    appeal_explanation: "Why the decision should be reviewed",
    decisions: [
        ("DECISION_VISIBILITY_CONTENT_REMOVED", "content removed"),
        ("DECISION_VISIBILITY_CONTENT_DISABLED", "access disabled"),
        ("DECISION_VISIBILITY_CONTENT_DEMOTED", "content demoted"),
        ("DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED", "age-restricted"),
        ("DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED", "interactions restricted"),
        ("DECISION_VISIBILITY_CONTENT_LABELLED", "content labelled"),
        ("DECISION_VISIBILITY_OTHER", "other restriction"),
        ("DECISION_ACCOUNT_SUSPENDED", "account suspended"),
        ("DECISION_ACCOUNT_TERMINATED", "account terminated"),
        ("NO_ACTION", "no action (refused)"),
    ],
    fallback_contact: "Reach them otherwise: {contact}",
    escalate: "Send a signed evidence bundle",
    escalation_targets: [
        "PHAROS (illegal public content)",
        "The school's anti-harassment referent",
        "The public prosecutor",
    ],
    escalation_fields: [
        "Date and time of publication",
        "The content is public (not a private conversation)",
        "School",
        "Anti-harassment referent (name or address)",
        "The facts",
        "Offences concerned",
        "The legal guardians are informed",
    ],
    download_bundle: "Download the signed bundle",
    sla_title: "Notices: platforms' times (30 days)",
    sla_columns: [
        "platform",
        "notices",
        "receipt (median)",
        "decision (median)",
        "decision (90%)",
        "decided within 1 h",
        "overdue",
    ],
    overdue_notices: "Notices without a decision past their target",
    undelivered_title: "Notices not delivered: send again or pass on otherwise",
    undelivered_columns: ["platform", "case", "approved", "attempts", "last error", "contact"],
    send_again: "Send again",
    linked_reports: "Platform reports in this case",
    attach_code: "Attach another platform code",
    attach: "Attach",
    outcome: "Outcome",
    not_yet: "not yet",
    outcomes: [
        "listened to and advised",
        "content removed",
        "refused by the platform",
        "reported to the authorities",
        "referred to another service",
        "no further contact",
    ],
    save_outcome: "Save the outcome",
    actor_child: "the child",
    actor_operator: "operator",
    history_actions: [
        ("case.open", "wrote through the web form"),
        ("case.open_from_handoff", "opened the case with a platform's code"),
        ("case.open_from_call", "logged the call"),
        ("case.take", "took the case from the queue"),
        ("case.note", "added a note"),
        ("case.risk_override", "changed the risk"),
        ("case.evidence.add", "added evidence"),
        ("case.link_handoff", "attached a platform's report"),
        ("case.outcome", "recorded the outcome"),
        ("case.notice.draft", "drafted a notice to a platform"),
        ("case.notice.approve", "approved and sent a notice"),
        ("case.notice.appeal", "contested a platform's refusal"),
    ],
    history_transfer: "transferred the case: {queue}",
    history_status: "set the status to “{status}”",
    live: "Live",
    waiting: "waiting",
    oldest_since: "the oldest for",
    online: "online",
    month_by_category: "Cases opened this month, by category",
    by: ["By category", "By age", "By school level", "By platform", "By channel", "By outcome"],
    outcome_pending: "no outcome recorded yet",
    today: "today",
    this_month: "this month",
    chain_intact: "Chain intact: {rows} rows.",
    chain_broken: "CHAIN BROKEN at row {seq}: {reason}",
    audit_columns: ["no.", "when", "who", "what", "on"],
    risks: ["none", "low", "high", "immediate danger"],
    ages: ["under 13", "13–17", "18 or over", "not given"],
    statuses: ["waiting", "in progress", "waiting for the platform", "resolved", "closed"],
    schools: ["primary school", "collège (11–15)", "lycée (15–18)", "other", "not given"],
    channels: ["phone", "web form", "platform code", "chat"],
    queues: ["Listeners", "Psychologists", "Jurists"],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::fill;

    #[test]
    fn both_languages_label_every_state() {
        for locale in [Locale::Fr, Locale::En] {
            let t = ConsoleText::get(locale);
            for status in [
                CaseStatus::New,
                CaseStatus::InProgress,
                CaseStatus::WaitingForPlatform,
                CaseStatus::Resolved,
                CaseStatus::Closed,
            ] {
                assert!(!t.status(status).is_empty());
            }
            assert_ne!(t.risk(RiskLevel::ImmediateDanger), t.risk(RiskLevel::High));
            assert_eq!(t.age("something else"), t.ages[3]);
        }
        assert_eq!(ConsoleText::get(Locale::En).risk(RiskLevel::ImmediateDanger), "immediate danger");
    }

    #[test]
    fn the_helplines_name_fills_the_title() {
        assert_eq!(fill(ConsoleText::get(Locale::Fr).title, &[("helpline", "3018")]), "Console du 3018");
        assert_eq!(fill(ConsoleText::get(Locale::En).title, &[("helpline", "Childline")]), "Childline console");
    }
}
