//! The page where a child protects an intimate photo: the words of
//! `protect-*` in `locales/*/public.ftl`.

use crate::i18n::words;

words! {
    /// Every word of the protection page; `{helpline}`, `{count}` and `{date}` are filled in.
    pub struct ProtectText in Public / "protect" {
        title,
        intro,
        /// That nobody, not even the helpline, sees the photo.
        nobody_sees,
        pick,
        send,
        working,
        sent,
        /// A hash of quality under 50: the photo says too little to be recognised.
        blurry,
        not_image,
        /// An animated image: only its first frame was hashed.
        animated,
        too_many,
        failed,
        /// The link to this page, from the follow-up page and the chat.
        link,
        list_title,
        photo,
        state_waiting,
        state_listed,
        state_withdrawn,
        withdraw,
        withdrawn,
    }
}
