//! The chat, in French and English: the child's page, and what the helpline
//! says of itself in a conversation (someone joined, the chat ended). Words
//! an eight-year-old reads: short sentences, "tu" in French.

use crate::Locale;
use crate::case::Skill;

/// Every word of the child's chat page, for one language.
#[derive(Debug)]
pub struct ChatText {
    /// `{helpline}`.
    pub title: &'static str,
    pub intro: &'static str,
    pub optional: &'static str,
    pub age_question: &'static str,
    pub ages: [&'static str; 3],
    pub topic_question: &'static str,
    pub topic_none: &'static str,
    pub danger: &'static str,
    pub first_message: &'static str,
    pub start: &'static str,
    pub skip: &'static str,
    /// `{position}`: the child's place in the queue.
    pub position: &'static str,
    pub next_one: &'static str,
    /// `{minutes}`.
    pub wait: &'static str,
    pub wait_unknown: &'static str,
    pub waiting_reassure: &'static str,
    pub write_here: &'static str,
    pub send: &'static str,
    pub sending: &'static str,
    pub not_sent: &'static str,
    pub counsellor_typing: &'static str,
    pub you: &'static str,
    pub helpline_says: &'static str,
    pub end: &'static str,
    pub ended_title: &'static str,
    pub ended_keep: &'static str,
    pub your_code: &'static str,
    pub your_word: &'static str,
    pub ended_followup: &'static str,
    /// The quick exit of every public page, and how else to use it.
    pub quick_exit: &'static str,
    pub quick_exit_hint: &'static str,
    pub offline: &'static str,
    pub reconnected: &'static str,
    /// `{when}`.
    pub closed: &'static str,
    pub closed_form: &'static str,
    pub in_danger_call: &'static str,
    pub unknown_chat: &'static str,
    pub too_long: &'static str,
    pub too_fast: &'static str,
    pub chat_ended_refused: &'static str,
    /// A message with nothing in it, or with invisible characters.
    pub unreadable: &'static str,
    /// To a counsellor: the conversation was passed on while they wrote.
    pub not_yours: &'static str,
    /// To a supervisor reading a conversation.
    pub read_only: &'static str,
    /// A messaging app's window has closed: the counsellor's words cannot leave.
    pub window_closed: &'static str,
    /// The approved template cannot be sent (not WhatsApp, its day not passed, none set).
    pub no_template: &'static str,
}

impl ChatText {
    pub fn get(locale: Locale) -> &'static ChatText {
        match locale {
            Locale::Fr => &FR,
            Locale::En => &EN,
        }
    }
}

/// What the helpline says in a conversation, from the system message's code
/// (`joined:jurist`, `transferred:psychologist`, `ended`).
pub fn system_message(code: &str, locale: Locale) -> String {
    let (kind, skill) = code.split_once(':').unwrap_or((code, ""));
    let who = |skill: &str| match (Skill::from_code(skill), locale) {
        (Some(Skill::Psychologist), Locale::Fr) => "un·e psychologue",
        (Some(Skill::Jurist), Locale::Fr) => "un·e juriste",
        (_, Locale::Fr) => "un·e écoutant·e",
        (Some(Skill::Psychologist), Locale::En) => "a psychologist",
        (Some(Skill::Jurist), Locale::En) => "a legal adviser",
        (_, Locale::En) => "a listener",
    };
    match (kind, locale) {
        ("joined", Locale::Fr) => format!("Tu parles maintenant avec {}.", who(skill)),
        ("joined", Locale::En) => format!("You are now talking with {}.", who(skill)),
        ("transferred", Locale::Fr) => {
            format!("Ta conversation passe à {} : reste là, on te répond bientôt.", who(skill))
        }
        ("transferred", Locale::En) => {
            format!("Your conversation is passed to {}: stay here, you will get an answer soon.", who(skill))
        }
        // Written from a messaging app while the line is closed; the detail says when it opens.
        ("closed", Locale::Fr) => {
            format!("{skill} Ton message est bien arrivé : quelqu'un te répondra ici dès l'ouverture.")
        }
        ("closed", Locale::En) => {
            format!("{skill} Your message has arrived: someone will answer you here as soon as the line opens.")
        }
        // WhatsApp's approved template, sent once its 24 hours had passed (the app shows Meta's text).
        ("reengage", Locale::Fr) => "Invitation à nous réécrire envoyée (modèle WhatsApp).".to_owned(),
        ("reengage", Locale::En) => "Invitation to write to us again sent (WhatsApp template).".to_owned(),
        ("ended", Locale::Fr) => "La conversation est terminée.".to_owned(),
        ("ended", Locale::En) => "The conversation has ended.".to_owned(),
        (_, Locale::Fr) => "…".to_owned(),
        (_, Locale::En) => "…".to_owned(),
    }
}

static FR: ChatText = ChatText {
    title: "Écrire au {helpline}",
    intro: "Tu peux écrire à quelqu'un du {helpline}. C'est gratuit et personne ne saura que c'est toi.",
    optional: "Tu peux répondre ou passer.",
    age_question: "Tu as quel âge ?",
    ages: ["moins de 13 ans", "13 à 17 ans", "18 ans ou plus"],
    topic_question: "C'est à propos de quoi ?",
    topic_none: "Je préfère ne pas dire",
    danger: "Je suis en danger maintenant",
    first_message: "Tu veux déjà écrire ce qui se passe ?",
    start: "Commencer",
    skip: "Passer les questions",
    position: "Tu es {position}e dans la file.",
    next_one: "Tu es le prochain ou la prochaine !",
    wait: "Attente : environ {minutes} min.",
    wait_unknown: "On te répond dès que quelqu'un est libre.",
    waiting_reassure: "Tu peux déjà écrire : on lira tout.",
    write_here: "Écris ton message",
    send: "Envoyer",
    sending: "envoi…",
    not_sent: "pas envoyé, on réessaie",
    counsellor_typing: "La personne écrit…",
    you: "Toi",
    helpline_says: "Le {helpline}",
    end: "Terminer",
    ended_title: "La conversation est terminée",
    ended_keep: "Garde ce code et ce mot secret pour revenir et lire nos réponses :",
    your_code: "Ton code",
    your_word: "Ton mot secret",
    ended_followup: "Revenir plus tard",
    quick_exit: "Quitter",
    quick_exit_hint: "ou la touche Échap",
    offline: "Connexion perdue. On reconnecte…",
    reconnected: "C'est reparti.",
    closed: "Le chat est fermé pour le moment. Il ouvre {when}.",
    closed_form: "Laisser un message",
    in_danger_call: "En danger ? Appelle le 112 ou le 17.",
    unknown_chat: "Cette conversation n'existe plus. Tu peux en commencer une autre.",
    too_long: "Ton message est trop long (2 000 caractères au plus).",
    too_fast: "Doucement : attends un peu avant le prochain message.",
    chat_ended_refused: "La conversation est terminée : ton message n'a pas été envoyé.",
    unreadable: "Ce message est vide ou contient des caractères invisibles : il n'a pas été envoyé.",
    not_yours: "Cette conversation a été confiée à quelqu'un d'autre : votre message n'a pas été envoyé.",
    read_only: "Vous lisez cette conversation : vous n'y écrivez pas.",
    window_closed: "L'application ne permet plus d'écrire à l'enfant : son dernier message date de trop longtemps. Votre texte est resté dans la zone de saisie.",
    no_template: "L'invitation à réécrire ne peut pas être envoyée ici (WhatsApp seulement, après 24 heures, avec un modèle approuvé).",
};

static EN: ChatText = ChatText {
    title: "Write to {helpline}",
    intro: "You can write to someone at {helpline}. It's free and nobody will know it's you.",
    optional: "You can answer or skip.",
    age_question: "How old are you?",
    ages: ["under 13", "13 to 17", "18 or over"],
    topic_question: "What is it about?",
    topic_none: "I'd rather not say",
    danger: "I am in danger right now",
    first_message: "Do you want to write what is happening already?",
    start: "Start",
    skip: "Skip the questions",
    position: "You are number {position} in the line.",
    next_one: "You are next!",
    wait: "Wait: about {minutes} min.",
    wait_unknown: "Someone will answer as soon as they are free.",
    waiting_reassure: "You can write already: we will read everything.",
    write_here: "Write your message",
    send: "Send",
    sending: "sending…",
    not_sent: "not sent, trying again",
    counsellor_typing: "Someone is writing…",
    you: "You",
    helpline_says: "{helpline}",
    end: "End",
    ended_title: "The conversation has ended",
    ended_keep: "Keep this code and secret word to come back and read our answers:",
    your_code: "Your code",
    your_word: "Your secret word",
    ended_followup: "Come back later",
    quick_exit: "Leave",
    quick_exit_hint: "or the Escape key",
    offline: "Connection lost. Reconnecting…",
    reconnected: "Back again.",
    closed: "The chat is closed right now. It opens {when}.",
    closed_form: "Leave a message",
    in_danger_call: "In danger? Call 112.",
    unknown_chat: "This conversation no longer exists. You can start another one.",
    too_long: "Your message is too long (2,000 characters at most).",
    too_fast: "Slow down: wait a little before the next message.",
    chat_ended_refused: "The conversation has ended: your message was not sent.",
    unreadable: "This message is empty or holds invisible characters: it was not sent.",
    not_yours: "This conversation was passed to someone else: your message was not sent.",
    read_only: "You are reading this conversation; you do not write in it.",
    window_closed: "The app no longer lets the helpline write to this child: their last message is too old. Your text is still in the box.",
    no_template: "The invitation to write again cannot be sent here (WhatsApp only, after 24 hours, with an approved template).",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_helpline_says_who_joined_in_the_childs_language() {
        assert_eq!(system_message("joined:jurist", Locale::Fr), "Tu parles maintenant avec un·e juriste.");
        assert_eq!(system_message("joined:listener", Locale::En), "You are now talking with a listener.");
        assert!(system_message("transferred:psychologist", Locale::Fr).contains("un·e psychologue"));
        assert_eq!(system_message("ended", Locale::En), "The conversation has ended.");
        assert_eq!(system_message("something:else", Locale::Fr), "…", "an unknown code says nothing wrong");
    }
}

/// The follow-up page's words (`/suivi`): a child comes back with their code and word.
#[derive(Debug)]
pub struct FollowUpText {
    pub title: &'static str,
    pub code_label: &'static str,
    pub word_label: &'static str,
    pub submit: &'static str,
    pub write_again: &'static str,
    pub too_many: &'static str,
    pub no_match: &'static str,
    pub message_length: &'static str,
    pub choose_answer: &'static str,
}

impl FollowUpText {
    pub fn get(locale: Locale) -> &'static FollowUpText {
        match locale {
            Locale::Fr => &FOLLOW_UP_FR,
            Locale::En => &FOLLOW_UP_EN,
        }
    }
}

static FOLLOW_UP_FR: FollowUpText = FollowUpText {
    title: "Suivre mon dossier",
    code_label: "Ton code",
    word_label: "Ton mot secret",
    submit: "Voir où en est mon dossier",
    write_again: "Écrire de nouveau",
    too_many: "Trop d'essais. Attends une minute.",
    no_match: "Ce code et ce mot ne correspondent à aucun dossier. Vérifie-les, ou écris-nous de nouveau.",
    message_length: "Un message fait de 1 à 2 000 caractères.",
    choose_answer: "Choisis oui, un peu ou non.",
};

static FOLLOW_UP_EN: FollowUpText = FollowUpText {
    title: "Follow my case",
    code_label: "Your code",
    word_label: "Your secret word",
    submit: "See where my case stands",
    write_again: "Write again",
    too_many: "Too many tries. Wait a minute.",
    no_match: "This code and word match no case. Check them, or write to us again.",
    message_length: "A message is 1 to 2,000 characters.",
    choose_answer: "Choose yes, somewhat or no.",
};
