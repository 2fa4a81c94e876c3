//! Evidence a counsellor attaches to a case: where the harmful content is (a
//! link, the platform's id for it) and, when the child sends one, a capture of
//! it (a screenshot, a screen recording, a PDF of a conversation).
//!
//! A file's type is read from its first bytes, never from the name or the
//! type the browser claims, so a script renamed `photo.png` is refused. Only
//! the kinds children actually send are accepted.

use jiff::Timestamp;

use crate::handoff::{is_web_link, plain};

/// The largest capture accepted by default: a minute of phone screen recording.
pub const DEFAULT_MAX_FILE_BYTES: usize = 20_000_000;

/// The kinds of capture accepted, by what their bytes say they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Png,
    Jpeg,
    Gif,
    Webp,
    Heic,
    Mp4,
    QuickTime,
    Pdf,
    /// Voice notes (WhatsApp's are Ogg Opus).
    Ogg,
    Mp3,
    M4a,
    Aac,
}

impl MediaType {
    pub const ALL: [MediaType; 12] = [
        MediaType::Png,
        MediaType::Jpeg,
        MediaType::Gif,
        MediaType::Webp,
        MediaType::Heic,
        MediaType::Mp4,
        MediaType::QuickTime,
        MediaType::Pdf,
        MediaType::Ogg,
        MediaType::Mp3,
        MediaType::M4a,
        MediaType::Aac,
    ];

    /// The type a file's first bytes show, if it is one we accept.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        let found = infer::get(bytes)?;
        MediaType::ALL.into_iter().find(|m| m.mime() == found.mime_type())
    }

    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Gif => "image/gif",
            MediaType::Webp => "image/webp",
            MediaType::Heic => "image/heif",
            MediaType::Mp4 => "video/mp4",
            MediaType::QuickTime => "video/quicktime",
            MediaType::Pdf => "application/pdf",
            MediaType::Ogg => "audio/ogg",
            MediaType::Mp3 => "audio/mpeg",
            MediaType::M4a => "audio/m4a",
            MediaType::Aac => "audio/aac",
        }
    }

    pub fn from_mime(mime: &str) -> Option<MediaType> {
        MediaType::ALL.into_iter().find(|m| m.mime() == mime)
    }

    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Gif => "gif",
            MediaType::Webp => "webp",
            MediaType::Heic => "heic",
            MediaType::Mp4 => "mp4",
            MediaType::QuickTime => "mov",
            MediaType::Pdf => "pdf",
            MediaType::Ogg => "ogg",
            MediaType::Mp3 => "mp3",
            MediaType::M4a => "m4a",
            MediaType::Aac => "aac",
        }
    }
}

/// What a counsellor submits: at least a link, a platform id or a file.
#[derive(Debug, Clone, Default)]
pub struct EvidenceDraft {
    pub url: Option<String>,
    pub platform_content_id: Option<String>,
    pub file: Option<Vec<u8>>,
    /// When the child (or the platform) captured it, if known.
    pub captured_at: Option<Timestamp>,
}

/// Why a draft was refused, by field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceError {
    #[error("url: must be an http:// or https:// link of at most 2,000 characters")]
    Url,
    #[error("platform_content_id: 1 to 500 printable characters")]
    ContentId,
    #[error("file: larger than the limit of {limit} bytes")]
    TooLarge { limit: usize },
    #[error("file: not a kind accepted (PNG, JPEG, GIF, WebP, HEIC, MP4, QuickTime, PDF or an audio file)")]
    UnexpectedType,
    #[error("file: empty")]
    EmptyFile,
    #[error("captured_at: in the future")]
    CapturedInFuture,
    #[error("evidence: give a link, the platform's id for the content, or a file")]
    Nothing,
}

impl EvidenceError {
    /// The form field at fault, for the error a client reads.
    pub fn field(&self) -> &'static str {
        match self {
            EvidenceError::Url => "url",
            EvidenceError::ContentId => "platform_content_id",
            EvidenceError::TooLarge { .. } | EvidenceError::UnexpectedType | EvidenceError::EmptyFile => "file",
            EvidenceError::CapturedInFuture => "captured_at",
            EvidenceError::Nothing => "evidence",
        }
    }
}

impl EvidenceDraft {
    /// Checks the draft and tells the type of its file, if any.
    pub fn check(&self, max_file_bytes: usize, now: Timestamp) -> Result<Option<MediaType>, EvidenceError> {
        if self.url.as_deref().is_some_and(|u| !is_web_link(u) || u.len() > 2000) {
            return Err(EvidenceError::Url);
        }
        if self.platform_content_id.as_deref().is_some_and(|s| !plain(s)) {
            return Err(EvidenceError::ContentId);
        }
        // A clock a few minutes ahead on the child's phone is not an error.
        if self.captured_at.is_some_and(|at| at > now + jiff::SignedDuration::from_mins(10)) {
            return Err(EvidenceError::CapturedInFuture);
        }
        let media = match &self.file {
            None => None,
            Some(bytes) if bytes.is_empty() => return Err(EvidenceError::EmptyFile),
            Some(bytes) if bytes.len() > max_file_bytes => {
                return Err(EvidenceError::TooLarge { limit: max_file_bytes });
            }
            Some(bytes) => Some(MediaType::sniff(bytes).ok_or(EvidenceError::UnexpectedType)?),
        };
        if self.url.is_none() && self.platform_content_id.is_none() && media.is_none() {
            return Err(EvidenceError::Nothing);
        }
        Ok(media)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    const NOW: Timestamp = Timestamp::constant(1_790_000_000, 0);

    fn draft() -> EvidenceDraft {
        EvidenceDraft::default()
    }

    #[test]
    fn a_file_is_known_by_its_bytes_not_its_name() {
        assert_eq!(MediaType::sniff(PNG), Some(MediaType::Png));
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Some(MediaType::Pdf));
        assert_eq!(MediaType::sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Some(MediaType::Jpeg));
        assert_eq!(MediaType::sniff(b"<script>alert(1)</script>"), None);
        assert_eq!(MediaType::sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff"), None, "a Windows program");
        assert_eq!(MediaType::sniff(b"PK\x03\x04\x14\0\0\0\x08\0"), None, "an archive");
    }

    #[test]
    fn a_draft_needs_something_to_point_at() {
        assert_eq!(draft().check(100, NOW), Err(EvidenceError::Nothing));
        let link = EvidenceDraft { url: Some("https://piaf.example/p/1".into()), ..draft() };
        assert_eq!(link.check(100, NOW), Ok(None));
        let id = EvidenceDraft { platform_content_id: Some("post-981".into()), ..draft() };
        assert_eq!(id.check(100, NOW), Ok(None));
    }

    #[test]
    fn hostile_or_oversized_input_is_refused_by_field() {
        let script = EvidenceDraft { url: Some("javascript:alert(1)".into()), ..draft() };
        assert_eq!(script.check(100, NOW).map_err(|e| e.field()), Err("url"));
        let control = EvidenceDraft { platform_content_id: Some("a\u{0}b".into()), ..draft() };
        assert_eq!(control.check(100, NOW).map_err(|e| e.field()), Err("platform_content_id"));
        let big = EvidenceDraft { file: Some(PNG.repeat(10)), ..draft() };
        assert_eq!(big.check(100, NOW), Err(EvidenceError::TooLarge { limit: 100 }));
        let text = EvidenceDraft { file: Some(b"just some text, named photo.png".to_vec()), ..draft() };
        assert_eq!(text.check(100, NOW), Err(EvidenceError::UnexpectedType));
        let empty = EvidenceDraft { file: Some(vec![]), ..draft() };
        assert_eq!(empty.check(100, NOW), Err(EvidenceError::EmptyFile));
        let future = EvidenceDraft {
            url: Some("https://piaf.example/p/1".into()),
            captured_at: Some(NOW + jiff::SignedDuration::from_hours(2)),
            ..draft()
        };
        assert_eq!(future.check(100, NOW), Err(EvidenceError::CapturedInFuture));
    }

    #[test]
    fn a_png_within_the_limit_is_accepted() {
        let shot = EvidenceDraft { file: Some(PNG.to_vec()), captured_at: Some(NOW), ..draft() };
        assert_eq!(shot.check(1024, NOW), Ok(Some(MediaType::Png)));
    }
}
