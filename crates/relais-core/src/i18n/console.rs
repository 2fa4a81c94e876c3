//! The counsellors' console, in French and English (`locales/*/console.ftl`).
//! `{helpline}` stands for the helpline's name from the directory, so the same
//! console serves any line.

use crate::AgeBand;
use crate::case::{CaseStatus, Outcome, Skill};
use crate::i18n::words;
use crate::notice::{ActionAsked, NoticeStatus};
use crate::risk::RiskLevel;

words! {
    /// Every word the console shows, for one language.
    pub struct ConsoleText in Console / "console" {
        // Signing in.
        sign_in_title,
        name,
        password,
        one_time_code,
        one_time_code_hint,
        sign_in,
        wrong_credentials,
        /// Too many failures from here: `{minutes}` before the next attempt is heard.
        slow_down,
        // The password page.
        password_title,
        password_link,
        /// Shown when the password is a one-time password someone else chose.
        must_change_password,
        current_password,
        new_password,
        /// As many characters as `staff::MIN_PASSWORD_LENGTH` at least.
        new_password_hint,
        repeat_password,
        change_password,
        password_changed,
        // Home.
        title,
        /// Before a value: " :" in French typography, ":" in English.
        colon,
        signed_in_as,
        sign_out,
        dashboard,
        audit_log,
        other_language,
        queue_empty,
        no_case_with_code,
        transferred,
        unknown_handoff_code,
        queue,
        take_next,
        risk,
        category,
        age,
        waited,
        log_call,
        caller_says,
        open_call_case,
        find_by_code,
        find,
        handoff_code,
        open_case,
        // Chats.
        my_chats,
        my_cases,
        no_chats,
        no_open_cases,
        /// `{id}`: the case's short id.
        chat_title,
        open_chat,
        reply,
        send,
        child_typing,
        child,
        helpline_side,
        ready_answers,
        insert,
        add_link_as_evidence,
        link_added,
        watching,
        end_chat,
        chat_ended,
        chat_states[3],
        chat_offline,
        /// The pane of a conversation passed to someone else, closed.
        chat_passed_on,
        /// A conversation from a messaging app: what the app lets the helpline send
        /// now (`{app}`, `{time}` filled in by the pane).
        window_open,
        window_human_agent,
        window_template_only,
        window_closed,
        /// How far a reply to an app got: queued, sent, delivered, read, failed.
        deliveries[5],
        reengage,
        written_from,
        block_sender,
        block_for,
        block_days[3],
        unblock_sender,
        blocked_until,
        replies_undelivered_title,
        /// What children answered after their contact, on the dashboard.
        survey_title,
        survey_month,
        survey_channel,
        survey_answers,
        /// "yes" and "no", as answers in a form.
        survey_yes,
        no,
        survey_none,
        replies_undelivered_none,
        webhooks_given_up,
        sender_blocked,

        chats,
        /// Chats held at once: the capacity's label.
        at_once,
        save,
        all_cases,
        /// The list's filters, and its columns: opened, case, channel, category, status, counsellor.
        filter,
        any,
        counsellor,
        opened_from,
        opened_to,
        case_columns[6],
        no_cases,
        canned_title,
        canned_new,
        canned_language,
        canned_heading,
        canned_text,
        remove,
        // The case page.
        case,
        channel,
        status,
        handed_over_by,
        /// The app a child named on the web form, quoted as theirs: `{app}`.
        app_named_by_child,
        form_or_phone,
        reported_account,
        child_wrote,
        evidence,
        no_evidence,
        evidence_link,
        evidence_content_id,
        evidence_file,
        evidence_captured_at,
        add_evidence,
        platform_id,
        captured_on,
        added_by,
        the_platform,
        notes,
        add_note,
        save_note,
        change_risk,
        why_required,
        risk_changed,
        to_waiting_for_platform,
        to_resolved,
        to_closed,
        reopen,
        transfer_to,
        /// Jurist, psychologist, listener: whom a case is transferred to.
        transfer_targets[3],
        transfer,
        history,
        notices,
        no_notices,
        new_notice,
        notice_platform,
        notice_items,
        notice_explanation,
        notice_explanation_hint,
        notice_actions,
        /// In the order of `ActionAsked::ALL`.
        actions_asked[4],
        save_draft,
        approve_and_send,
        /// In the order of `NoticeStatus::ALL`.
        notice_statuses[6],
        notice_line,
        acknowledged_after,
        decided_after,
        /// The platform's target for this notice (its category's, if the platform set one).
        notice_target,
        sla_breached,
        no_connector,
        appeal_line,
        contest,
        appeal_explanation,
        /// The transparency database's measures, as a counsellor reads them.
        decisions { "DECISION_VISIBILITY_CONTENT_REMOVED", "DECISION_VISIBILITY_CONTENT_DISABLED", "DECISION_VISIBILITY_CONTENT_DEMOTED", "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED", "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED", "DECISION_VISIBILITY_CONTENT_LABELLED", "DECISION_VISIBILITY_OTHER", "DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED", "NO_ACTION" },
        fallback_contact,
        escalate,
        /// PHAROS, the school's referent, the public prosecutor.
        escalation_targets[3],
        /// published_at, content_is_public, school, referent, facts, offences, guardians_informed.
        escalation_fields[7],
        download_bundle,
        sla_title,
        sla_columns[7],
        overdue_notices,
        /// The supervisors' list of notices the outbox gave up on.
        undelivered_title,
        /// platform, case, approved, attempts, last error, reach them.
        undelivered_columns[6],
        send_again,
        linked_reports,
        attach_code,
        attach,
        outcome,
        not_yet,
        /// In the order of `Outcome::ALL`.
        outcomes[6],
        save_outcome,
        /// Who acted, when it was not a staff member: the child (web form), an operator (command line).
        actor_child,
        actor_operator,
        /// What happened to a case, by audit action (reads are not history).
        history_actions { "case.open", "case.open_from_handoff", "case.open_from_call", "case.take", "case.note", "case.risk_override", "case.evidence.add", "case.link_handoff", "case.outcome", "case.notice.draft", "case.notice.approve", "case.notice.appeal", "case.hash.confirm" },
        history_transfer,
        // The hashes of the child's intimate photos.
        hashes_title,
        hashes_intro,
        /// `{date}`, `{quality}`.
        hash_line,
        hash_waiting,
        hash_listed,
        hash_withdrawn,
        confirm_hash,
        /// `{platform}`, `{action}`, `{distance}`, `{date}`.
        hash_match_line,
        /// Removed, blocked, restricted, none.
        match_actions[4],
        history_status,
        // The dashboard.
        live,
        waiting,
        oldest_since,
        online,
        month_by_category,
        /// category, age band, school level, platform, channel, outcome.
        by[6],
        /// A case whose outcome nobody has recorded yet.
        outcome_pending,
        today,
        this_month,
        // The audit trail.
        chain_intact,
        chain_broken,
        audit_columns[5],
        // Labels, in the order of their enums.
        risks[4],
        /// Under 13, 13–17, 18 and over, unknown.
        ages[4],
        statuses[5],
        /// Primaire, collège, lycée, other, not given.
        schools[5],
        /// Phone, web form, platform code, chat.
        channels[4],
        /// Listeners, psychologists, jurists.
        queues[3],
    }
}

impl ConsoleText {
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
            "chat" => self.channels[3],
            // The apps' names are the same in every language.
            other => crate::messaging::AppKind::from_code(other).map_or(self.channels[3], |app| app.name()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Locale;
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
