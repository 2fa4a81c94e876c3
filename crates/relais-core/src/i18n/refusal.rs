//! Why the console refused what a counsellor asked, in their language. Each
//! refusal is a field here, so that asking for one that does not exist is a
//! compile error, and a test fails when one is missing in a language, rather
//! than an English sentence reaching a French console.

use crate::i18n::words;

words! {
    /// Every reason the console gives, for one language.
    pub struct RefusalText in Console / "refusal" {
        // Page titles, by kind of refusal.
        title_forbidden,
        title_not_found,
        title_conflict,
        title_invalid,
        title_too_large,
        title_gone,
        title_error,
        /// Names the field at fault: `{field}`.
        field,
        back,
        /// The way back when the refused request was about a case: to its page.
        back_to_case,
        internal,
        // Who may do what.
        form_token,
        works_cases,
        approves_notices,
        sends_again,
        contests,
        escalates,
        supervises,
        reads_audit,
        /// A case outside the counsellor's queue, cases and work.
        need_to_know,
        no_chat,
        capacity_range,
        canned_fields,
        no_canned,
        manages_canned,
        bad_date,
        not_your_chat,
        supervisors_only,
        block_days,
        reply_not_stuck,
        chat_over,
        /// A live conversation opened by someone other than its holder or a supervisor.
        live_chat_not_yours,
        // What is not there.
        no_page,
        no_case,
        no_notice,
        no_evidence,
        case_erased,
        /// A case erased by retention, to which something was to be added.
        erased,
        // What cannot happen from where a record stands.
        cannot_transfer,
        cannot_move,
        approved_already,
        not_dead_lettered,
        not_appealable,
        contested_already,
        // A field to correct.
        unreadable_form,
        not_multipart,
        unknown_field,
        note_length,
        summary_length,
        explanation_length,
        risk_reason,
        transfer_target,
        unknown_risk,
        unknown_status,
        unknown_outcome,
        unknown_category,
        unknown_age,
        not_connected,
        unknown_action,
        no_action,
        notice_items,
        escalation_target,
        required_field,
        pharos_public_only,
        evidence_url,
        evidence_content_id,
        evidence_file_type,
        evidence_empty_file,
        evidence_in_future,
        evidence_nothing,
        evidence_captured_at,
        /// A control character in a field (see `relais_core::text`).
        text_control,
        /// A bidirectional control in a one-line field.
        text_bidi,
        password_wrong,
        /// As many characters as `staff::MIN_PASSWORD_LENGTH` at least.
        password_short,
        password_repeat,
        password_same,
        /// The limit, `{limit}`, as a person reads it.
        too_large,
    }
}
