//! Moving a helpline between databases: from SQLite to PostgreSQL and back,
//! with everything it holds, and refusals that leave the target untouched.
//! The PostgreSQL side runs in a schema of its own on the test server
//! (`RELAIS_TEST_POSTGRES_URL`), so that it starts empty.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use jiff::Timestamp;
use relais_core::case::{CaseFile, CaseReference, ContactChannel, Skill};
use relais_core::risk::RiskLevel;
use relais_core::staff::Role;
use relais_core::{AgeBand, Category};
use relais_store::moving::TABLES;
use relais_store::{Actor, ChainCheck, ClientKind, NewCase, NewEvidence, Store, StoreError};

fn at() -> Timestamp {
    "2026-11-30T14:00:00Z".parse().unwrap()
}

fn key_dir(byte: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("relais.key"), byte.repeat(32)).unwrap();
    dir
}

/// A SQLite database of its own, sealed with the master key in `keys`.
async fn sqlite(keys: &tempfile::TempDir, name: &str) -> Store {
    let data = keys.path().join(name).with_extension("dir");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(keys.path().join("relais.key"), data.join("relais.key")).unwrap();
    Store::open(None, &data).await.unwrap()
}

/// An empty PostgreSQL database: a schema of its own on the test server.
async fn postgres(url: &str, dir: &tempfile::TempDir) -> Store {
    let schema = format!("moving_{}", uuid::Uuid::now_v7().simple());
    let admin = sqlx::PgPool::connect(url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&admin).await.unwrap();
    admin.close().await;
    let separator = if url.contains('?') { '&' } else { '?' };
    let url = format!("{url}{separator}options=-c%20search_path%3D{schema}");
    Store::open(Some(&url), dir.path()).await.unwrap()
}

fn postgres_url() -> Option<String> {
    match std::env::var("RELAIS_TEST_POSTGRES_URL") {
        Ok(url) => Some(url),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!("CI is set but RELAIS_TEST_POSTGRES_URL is not: the PostgreSQL backend must be tested")
        }
        Err(_) => None,
    }
}

/// What a helpline holds after some work: a platform with its key, origin,
/// counts and notices' endpoint; a counsellor signed in; a case with its
/// sealed file, code and word, note and evidence; a notice approved; a
/// platform's report handed over; a chat; a WhatsApp conversation; a
/// child's image hash listed and matched; a survey answered; a canned answer.
struct Helpline {
    platform_key: String,
    session: String,
    case: relais_core::id::CaseId,
    file: CaseFile,
}

async fn a_helpline_at_work(store: &Store) -> Helpline {
    let t = at();
    let (piaf, key) = store.add_client("Piaf", ClientKind::Platform, Actor::Cli, t).await.unwrap();
    store.add_origin(piaf.id, "https://piaf.example", Actor::Cli, t).await.unwrap();
    let count = relais_store::ReferralCount {
        key: relais_store::ReferralCountKey {
            client_id: piaf.id,
            day: "2026-11-30".parse().unwrap(),
            country: relais_core::CountryCode::parse("FR").unwrap(),
            category: Category::Harassment,
            age_band: AgeBand::Age13To17,
            surface: None,
            decision: relais_core::Decision::OfferHelpline,
        },
        count: 7,
    };
    store.add_referral_counts(&[count]).await.unwrap();
    let connector = relais_store::Connector {
        client_id: piaf.id,
        endpoint: "https://piaf.example/notices".into(),
        secret: b"shared secret".to_vec(),
        sla_minutes: 60,
        category_minutes: [(Category::Sextortion, 30)].into(),
        fallback_contact: None,
    };
    store.set_connector(connector, Actor::Cli, t).await.unwrap();

    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let lou = store.add_staff("lou", Role::Jurist, &hash, Actor::Cli, t).await.unwrap();
    store.set_staff_totp(lou.id, Some(b"totp secret bytes"), Actor::Cli, t).await.unwrap();
    store.create_session("session-token", lou.id, "csrf", t).await.unwrap();

    let file = CaseFile { description: Some("il a mes photos et menace de les publier".into()), ..CaseFile::default() };
    let evidence = NewEvidence {
        url: Some("https://piaf.example/p/1".into()),
        file: Some((relais_core::evidence::MediaType::Png, b"\x89PNG fake bytes".to_vec())),
        ..NewEvidence::default()
    };
    let case = store
        .open_case(NewCase {
            reference: Some(CaseReference { code: "ABCD-EFGH".into(), word: "girafe" }),
            file: Some(file.clone()),
            evidence: vec![evidence],
            platform: Some("Piaf".into()),
            ..NewCase::waiting(
                ContactChannel::WebForm,
                Category::Sextortion,
                AgeBand::Age13To17,
                RiskLevel::High,
                Skill::Jurist,
                t,
            )
        })
        .await
        .unwrap();
    assert!(store.take_next(lou.id, Skill::Jurist, t).await.unwrap().is_some());
    store.add_note(case.id, lou.id, "rappeler demain", t).await.unwrap();
    let notice = store
        .draft_notice(relais_store::NewNotice {
            id: relais_core::id::NoticeId::from(uuid::Uuid::now_v7()),
            case_id: case.id,
            client_id: piaf.id,
            category: Category::Sextortion,
            actions: vec![relais_core::notice::ActionAsked::Removal],
            age_band: AgeBand::Age13To17,
            body: b"{\"n\":1}".to_vec(),
            sla_minutes: 30,
            drafted_by: lou.id,
            at: t,
            appeal_of: None,
        })
        .await
        .unwrap();
    assert!(store.approve_notice(notice.id, lou.id, t).await.unwrap());
    store
        .create_handoff(relais_store::NewHandoff {
            client_id: piaf.id,
            code: "H7K2M9".into(),
            country: relais_core::CountryCode::parse("FR").unwrap(),
            category: Category::Harassment,
            age_band: AgeBand::Age13To17,
            role: relais_core::ReporterRole::Victim,
            context: br#"{"description":"they post my photos"}"#.to_vec(),
            created_at: t,
            expires_at: t + jiff::SignedDuration::from_hours(72),
        })
        .await
        .unwrap();
    let (chat, _) = store
        .open_conversation(relais_store::NewConversation {
            case: NewCase::waiting(
                ContactChannel::Chat,
                Category::Harassment,
                AgeBand::Age13To17,
                RiskLevel::None,
                Skill::Listener,
                t,
            ),
            token: "chat-token".into(),
            locale: relais_core::Locale::Fr,
            first_message: Some("bonjour".into()),
        })
        .await
        .unwrap();
    store
        .post_message(chat.id, relais_core::conversation::Author::Child, None, "tu es là ?", Some("c-1"), t)
        .await
        .unwrap()
        .unwrap();

    use relais_store::messaging::{AppSecrets, Incoming, NewAppChannel};
    let secrets = AppSecrets { app_secret: "a".into(), access_token: "b".into(), verify_token: "c".into() };
    let channel = NewAppChannel {
        name: "wa".into(),
        kind: relais_core::messaging::AppKind::WhatsApp,
        account_id: "1".into(),
        secrets,
        template: None,
    };
    let channel = store.add_app_channel(channel, Actor::Cli, t).await.unwrap();
    store.receive_webhook(channel.id, b"{\"entry\":[]}", t).await.unwrap();
    let incoming = Incoming {
        external_id: "wamid.1".into(),
        from: "33611111111".into(),
        text: "bonjour".into(),
        evidence: None,
        new_case: NewCase::waiting(
            ContactChannel::WhatsApp,
            Category::Harassment,
            AgeBand::Age13To17,
            RiskLevel::None,
            Skill::Listener,
            t,
        ),
        locale: relais_core::Locale::Fr,
        closed_notice: None,
    };
    store.take_in(&channel, incoming, t).await.unwrap();

    let image = relais_store::image_hashes::NewImageHash {
        hash: relais_pdq::hash::Hash([0x5a; 32]),
        quality: 90,
        dihedral: vec![relais_pdq::hash::Hash([0xa5; 32])],
    };
    store.add_image_hashes(case.id, &[image], t).await.unwrap();
    let listed = store.image_hashes(case.id).await.unwrap()[0].id;
    assert!(store.confirm_image_hash(case.id, listed, lou.id, t).await.unwrap());
    store.report_hash_match(listed, piaf.id, relais_store::image_hashes::MatchAction::Removed, 3, t).await.unwrap();
    let answers = relais_core::survey::Answers::read([("heard", "yes")]).unwrap();
    store.record_survey(case.id, ContactChannel::WebForm, "2026-11", &answers, t).await.unwrap();
    store.add_canned_answer(relais_core::Locale::Fr, "Accueil", "Bonjour, je t'écoute.", Actor::Cli, t).await.unwrap();
    Helpline { platform_key: key.expose().to_owned(), session: "session-token".into(), case: case.id, file }
}

/// An export's tables, row lines by table (the header's time and the audit
/// trail's own rows aside, compared on their own).
fn tables(export: &[u8]) -> Vec<(String, Vec<String>)> {
    let text = std::str::from_utf8(export).unwrap();
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().skip(1) {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(table) = value.get("table") {
            tables.push((table.as_str().unwrap().to_owned(), Vec::new()));
        } else if value.get("end").is_none() {
            tables.last_mut().unwrap().1.push(line.to_owned());
        }
    }
    tables
}

async fn export(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    store.export(&mut out, at()).await.unwrap();
    out
}

async fn import(store: &Store, export: &[u8]) -> Result<relais_store::moving::Moved, StoreError> {
    store.import(&mut std::io::Cursor::new(export), at()).await
}

/// What shows a helpline moved whole: the chain verifies under the target's
/// key, the sealed file opens, the platform's key and the counsellor's
/// session work, the case's code and word find it, the hash feed goes on.
async fn works(store: &Store, helpline: &Helpline) {
    assert!(matches!(store.verify_audit().await.unwrap(), ChainCheck::Intact { .. }));
    let (_, file) = store.case_file(helpline.case).await.unwrap().unwrap();
    assert_eq!(file, Some(helpline.file.clone()));
    assert_eq!(store.notes(helpline.case).await.unwrap()[0].text, "rappeler demain");
    let evidence = store.evidence(helpline.case).await.unwrap();
    let (_, bytes) = store.evidence_file(helpline.case, evidence[0].id).await.unwrap().unwrap();
    assert_eq!(bytes, b"\x89PNG fake bytes");
    let key = relais_store::PresentedKey::parse(&helpline.platform_key).unwrap();
    let record = store.client_by_key_id(key.id).await.unwrap().unwrap();
    assert!(key.matches(&record.secret_hash));
    assert!(store.session(&helpline.session).await.unwrap().is_some());
    let found = store.case_by_reference("ABCD-EFGH", Some("girafe")).await.unwrap();
    assert_eq!(found.map(|c| c.id), Some(helpline.case));
    let head = store.hash_feed_head().await.unwrap();
    let listed = store.image_hashes(helpline.case).await.unwrap()[0].id;
    assert!(store.withdraw_image_hash(helpline.case, listed, at()).await.unwrap());
    assert_eq!(store.hash_feed_head().await.unwrap(), head + 1, "the feed's numbers go on after the move");
}

#[tokio::test]
async fn a_helpline_moves_from_sqlite_to_postgresql_and_back_with_everything() {
    let Some(url) = postgres_url() else { return };
    let keys = key_dir("7e");
    let source = sqlite(&keys, "source.db").await;
    let helpline = a_helpline_at_work(&source).await;
    let first = export(&source).await;

    let middle = postgres(&url, &keys).await;
    let moved = import(&middle, &first).await.unwrap();
    assert_eq!(moved.tables.len(), TABLES.len());
    for table in ["cases", "case_notes", "case_evidence", "notices", "conversations", "image_hashes", "hash_feed"] {
        assert!(moved.rows(table) > 0, "{table} moved");
    }
    let second = export(&middle).await;
    let back = sqlite(&keys, "back.db").await;
    import(&back, &second).await.unwrap();
    let third = export(&back).await;

    // Row for row the same, both ways; the trail only grew (the moves are in it).
    let (first, second, third) = (tables(&first), tables(&second), tables(&third));
    for ((a, b), c) in first.iter().zip(&second).zip(&third) {
        assert_eq!((&a.0, &b.0), (&c.0, &c.0));
        if a.0 == "audit_log" {
            assert!(b.1.starts_with(&a.1) && c.1.starts_with(&b.1) && c.1.len() > b.1.len(), "the trail was kept");
        } else {
            assert_eq!((a, b), (c, c), "{} differs after the move", a.0);
        }
    }
    let actions: Vec<String> = back.audit_rows(0, 10_000).await.unwrap().into_iter().map(|r| r.event.action).collect();
    assert_eq!(actions.iter().filter(|a| *a == "helpline.import").count(), 2);
    works(&middle, &helpline).await;
    works(&back, &helpline).await;
}

/// Every table of the schema is moved: a new table left out of the list fails here.
#[tokio::test]
async fn every_table_is_moved() {
    let keys = key_dir("7e");
    let store = sqlite(&keys, "relais.db").await;
    let path = keys.path().join("relais.dir/relais.db");
    let pool = sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&path)).await.unwrap();
    let mut schema: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    schema.sort();
    let mut listed: Vec<String> = TABLES.iter().map(|(t, _)| (*t).to_owned()).collect();
    listed.sort();
    assert_eq!(listed, schema);
    drop(store);
}

/// Each refusal names its reason and leaves the target as empty as it was.
#[tokio::test]
async fn a_move_that_cannot_be_made_leaves_the_target_empty() {
    let keys = key_dir("7e");
    let source = sqlite(&keys, "source.db").await;
    a_helpline_at_work(&source).await;
    let good = export(&source).await;
    let refused = |r: Result<relais_store::moving::Moved, StoreError>| match r {
        Err(StoreError::Move(why)) => why,
        other => panic!("refused, not {other:?}"),
    };
    // Nothing written: an empty export of the target is an export of empty tables.
    let empty = |store: Store| async move {
        let export = export(&store).await;
        for (table, rows) in tables(&export) {
            let expected = usize::from(table == "audit_log");
            assert_eq!(rows.len(), expected, "{table} holds nothing but the export's own audit row");
        }
    };

    // Another master key: said at once.
    let other = key_dir("5a");
    let target = sqlite(&other, "target.db").await;
    assert!(refused(import(&target, &good).await).contains("relais.key"));
    empty(target).await;

    // Cut off on the way.
    let target = sqlite(&keys, "cut.db").await;
    let cut = &good[..good.len() * 2 / 3];
    let cut = &cut[..cut.iter().rposition(|b| *b == b'\n').unwrap() + 1];
    assert!(refused(import(&target, cut).await).contains("cut off"));
    empty(target).await;

    // An audit row changed on the way: the chain no longer verifies.
    let text = String::from_utf8(good.clone()).unwrap();
    let changed = text.replacen("case.open_from_form", "case.open_from_call", 1);
    assert_ne!(changed, text);
    let target = sqlite(&keys, "changed.db").await;
    assert!(refused(import(&target, changed.as_bytes()).await).contains("audit trail"));
    empty(target).await;

    // A row changed on the way, outside the audit trail: a counsellor's role raised.
    let changed = text.replacen("\"jurist\"", "\"admin\"", 1);
    assert_ne!(changed, text);
    let target = sqlite(&keys, "role.db").await;
    assert!(refused(import(&target, changed.as_bytes()).await).contains("changed after it was written"));
    empty(target).await;

    // A column left out: refused, not filled with nothing.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let at = lines.iter().position(|l| l.starts_with("{\"table\":\"staff\"")).unwrap();
    lines[at] = lines[at].replacen("\"totp_secret\",", "", 1);
    let target = sqlite(&keys, "column.db").await;
    assert!(refused(import(&target, lines.join("\n").as_bytes()).await).contains("has the columns"));
    empty(target).await;

    // Not an export at all, or one into a database that already holds a helpline.
    let target = sqlite(&keys, "other.db").await;
    assert!(refused(import(&target, b"PK\x03\x04 a zip file").await).contains("not a Relais export"));
    assert!(refused(import(&source, &good).await).contains("already holds a helpline"));
    empty(target).await;
}
