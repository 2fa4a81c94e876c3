//! One story, run against every backend: SQLite always, PostgreSQL when
//! `RELAIS_TEST_POSTGRES_URL` names a server (CI starts one).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use relais_core::risk::RiskLevel;

use relais_core::case::CaseDimension;
use relais_core::handoff::HandoffStatus;
use relais_core::id::{CaseId, NoticeId};
use relais_core::{AgeBand, Category, CountryCode, Decision};
use relais_store::{
    ApiKey, AuditEvent, ChainCheck, ClientKind, NewHandoff, ReferralCount, ReferralCountKey, Store, StoreError,
};

/// A moment for the records that do not care when.
fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

async fn story(store: Store, tag: &str) {
    let name = format!("tiktok-{tag}");
    let (platform, key) = store.add_client(&name, ClientKind::Platform, relais_store::Actor::Cli, now()).await.unwrap();
    assert_eq!(platform.name, name);

    // The key finds its client; only the hash is kept.
    let record = store.client_by_key_id(key.id().as_str()).await.unwrap().unwrap();
    assert_eq!(record.client, platform);
    assert!(key.matches(&record.secret_hash));
    assert!(!ApiKey::generate().matches(&record.secret_hash));

    // A name is unique among clients in force.
    match store.add_client(&name, ClientKind::Platform, relais_store::Actor::Cli, now()).await {
        Err(StoreError::AlreadyExists { .. }) => {}
        other => panic!("expected AlreadyExists, got {other:?}"),
    }
    // …but an admin key may share it.
    store.add_client(&name, ClientKind::Admin, relais_store::Actor::Cli, now()).await.unwrap();

    assert!(store.active_clients().await.unwrap().iter().any(|c| c.client.id == platform.id));
    let listed = store.list_clients(ClientKind::Platform).await.unwrap();
    assert!(listed.iter().any(|c| c.id == platform.id));

    // Counts add up across flushes, per key.
    let key_of = |decision: Decision| ReferralCountKey {
        client_id: platform.id,
        day: "2026-11-28".parse().unwrap(),
        country: CountryCode::parse("FR").unwrap(),
        category: Category::Harassment,
        age_band: AgeBand::Age13To17,
        surface: None,
        decision,
    };
    let batch = vec![
        ReferralCount { key: key_of(Decision::OfferHelpline), count: 3 },
        ReferralCount { key: key_of(Decision::Emergency), count: 1 },
    ];
    store.add_referral_counts(&batch).await.unwrap();
    store.add_referral_counts(&batch[..1]).await.unwrap();
    let counts = store.referral_counts(Some(platform.id)).await.unwrap();
    assert_eq!(counts.len(), 2);
    let offer = counts.iter().find(|c| c.key.decision == Decision::OfferHelpline).unwrap();
    assert_eq!(offer.count, 6);
    assert!(store.referral_counts(None).await.unwrap().len() >= 2);

    // Revocation keeps the row and frees the name.
    let revoked = store.revoke_client(&name, ClientKind::Platform, relais_store::Actor::Cli, now()).await.unwrap();
    assert!(revoked.revoked_at.is_some());
    assert!(store.active_clients().await.unwrap().iter().all(|c| c.client.id != platform.id));
    assert!(store.client_by_key_id(key.id().as_str()).await.unwrap().unwrap().client.revoked_at.is_some());
    match store.revoke_client(&name, ClientKind::Platform, relais_store::Actor::Cli, now()).await {
        Err(StoreError::NotFound { .. }) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
    store.add_client(&name, ClientKind::Platform, relais_store::Actor::Cli, now()).await.unwrap();
    store.ping().await.unwrap();

    handoffs(&store, tag).await;
    staff(&store, tag).await;
    audit(store.clone()).await;
    queue(store.clone(), tag).await;
    notices(&store, tag).await;
    conversations(&store, tag).await;
    messaging(&store, tag).await;
}

/// A child writes from WhatsApp: the webhook's body kept until taken in, each
/// message once, the sender found again by a digest, replies queued in the
/// conversation's order, the platform's statuses only moving them forward,
/// "STOP" ending it all.
async fn messaging(store: &Store, tag: &str) {
    use relais_core::case::{ContactChannel, Skill};
    use relais_core::conversation::{Author, ConversationState};
    use relais_core::messaging::{AppKind, Delivery};
    use relais_store::messaging::{AppSecrets, Incoming, NewAppChannel, TakenIn, Template};
    // The store keeps milliseconds.
    let at = jiff::Timestamp::from_millisecond(now().as_millisecond()).unwrap();
    let secrets = AppSecrets {
        app_secret: "app-secret".into(),
        access_token: "access-token".into(),
        verify_token: "verify-token".into(),
    };
    let new = |name: String| NewAppChannel {
        name,
        kind: AppKind::WhatsApp,
        account_id: "106540352242922".into(),
        secrets: secrets.clone(),
        template: Some(Template { name: "reengage".into(), language: "fr".into() }),
    };
    let channel = store.add_app_channel(new(format!("wa-{tag}")), relais_store::Actor::Cli, at).await.unwrap();
    let again = store.add_app_channel(new(format!("wa-{tag}")), relais_store::Actor::Cli, at).await;
    assert!(matches!(again, Err(StoreError::AlreadyExists { .. })), "{again:?}");
    let found = store.app_channel_named(&format!("wa-{tag}")).await.unwrap().unwrap();
    assert_eq!(
        (found.id, &found.secrets, found.template.as_ref().map(|t| t.name.as_str())),
        (channel.id, &secrets, Some("reengage"))
    );
    assert!(!format!("{found:?}").contains("app-secret"), "secrets are not printed");

    // A webhook's body waits, leased to one worker at a time, until taken in.
    let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
    let inbox = store.receive_webhook(channel.id, body, at).await.unwrap();
    let lease = jiff::SignedDuration::from_secs(30);
    let due = store.due_webhooks(at, lease, 1000).await.unwrap();
    let mine = due.iter().find(|i| i.id == inbox).expect("due at once");
    assert_eq!(mine.body, body);
    assert!(store.due_webhooks(at, lease, 1000).await.unwrap().iter().all(|i| i.id != inbox), "leased");
    store.webhook_failed(&inbox, "the database was away", Some(at)).await.unwrap();
    let again = store.due_webhooks(at, lease, 1000).await.unwrap();
    assert_eq!(again.iter().find(|i| i.id == inbox).map(|i| i.attempts), Some(1));
    store.webhook_taken(&inbox).await.unwrap();
    assert!(store.due_webhooks(at + lease, lease, 1000).await.unwrap().iter().all(|i| i.id != inbox));

    // Earlier runs' waiting jurist cases are answered first: the queue below is this run's.
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let jo = store
        .add_staff(&format!("jo-{tag}"), relais_core::staff::Role::Jurist, &hash, relais_store::Actor::Cli, at)
        .await
        .unwrap();
    store.set_chat_capacity(jo.id, 50, relais_store::Actor::Cli, at).await.unwrap();
    while let Some(case) = store.take_next(jo.id, Skill::Jurist, at).await.unwrap() {
        if let Some(c) = store.conversation_of_case(case.id).await.unwrap() {
            store.end_conversation(c.id, relais_store::Actor::Cli, at).await.unwrap();
        }
    }

    // A number of this run's: the digest finds this run's sender, not an earlier one's.
    let phone =
        format!("336{:08}", tag.bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))) % 100_000_000);
    let incoming = |id: &str, text: &str, closed: Option<&str>| Incoming {
        external_id: format!("wamid.{id}-{tag}"),
        from: phone.clone(),
        text: text.into(),
        evidence: None,
        new_case: relais_store::NewCase::waiting(
            ContactChannel::WhatsApp,
            Category::Other,
            AgeBand::Unknown,
            RiskLevel::None,
            Skill::Jurist,
            at,
        ),
        locale: relais_core::Locale::Fr,
        closed_notice: closed.map(str::to_owned),
    };
    let TakenIn::Opened { conversation, case } =
        store.take_in(&channel, incoming("1", "bonjour", Some("closed:Ouvre demain à 09:00.")), at).await.unwrap()
    else {
        panic!("a first message opens a conversation")
    };
    assert_eq!(store.take_in(&channel, incoming("1", "bonjour", None), at).await.unwrap(), TakenIn::Again);
    let later = at + jiff::SignedDuration::from_mins(5);
    let joined = store.take_in(&channel, incoming("2", "tu es là ?", None), later).await.unwrap();
    assert_eq!(joined, TakenIn::Joined { conversation, seq: 3 });
    let open = store.conversation(conversation).await.unwrap().unwrap();
    assert_eq!(
        (open.app(), open.state, open.last_inbound_at),
        (Some(AppKind::WhatsApp), ConversationState::Waiting, Some(later))
    );
    let sender = store.sender(open.sender_id.unwrap()).await.unwrap().unwrap();
    assert!(sender.masked.starts_with("+33 6") && !sender.masked.contains(&phone[4..10]), "{}", sender.masked);
    let texts: Vec<(Author, String)> =
        store.messages(&open, 0, 10).await.unwrap().into_iter().map(|m| (m.author, m.text)).collect();
    assert_eq!(
        texts,
        [
            (Author::Child, "bonjour".to_owned()),
            (Author::System, "closed:Ouvre demain à 09:00.".to_owned()),
            (Author::Child, "tu es là ?".to_owned()),
        ]
    );
    // The closed-hours notice waits to leave, like every word of the helpline's.
    let due = store.due_replies(later, lease, 1000).await.unwrap();
    let notice = due.iter().find(|r| r.conversation == conversation).expect("the notice is due");
    assert_eq!((notice.seq, notice.to.as_str(), notice.author), (2, phone.as_str(), Author::System));
    store.reply_sent(conversation, 2, &format!("wamid.out-2-{tag}"), later).await.unwrap();

    // A jurist takes it; their reply is queued, then sent; its statuses come out of order.
    let taken = store.take_next(jo.id, Skill::Jurist, later).await.unwrap().unwrap();
    assert_eq!(taken.id, case);
    let reply = store
        .post_message(conversation, Author::Counsellor, Some(jo.id), "je suis là", None, later)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reply.delivery, Some(Delivery::Queued));
    // Replies leave in order: the second waits for the first.
    let due = store.due_replies(later, lease, 1000).await.unwrap();
    let mine: Vec<u64> = due.iter().filter(|r| r.conversation == conversation).map(|r| r.seq).collect();
    assert_eq!(mine, [reply.seq - 1], "\"joined\" first, then the reply");
    store.reply_sent(conversation, reply.seq - 1, &format!("wamid.out-j-{tag}"), later).await.unwrap();
    let due = store.due_replies(later, lease, 1000).await.unwrap();
    assert!(due.iter().any(|r| r.conversation == conversation && r.seq == reply.seq));
    let out = format!("wamid.out-r-{tag}");
    // "read" before the answer to the send: the send's answer does not move it back.
    store.reply_failed(conversation, reply.seq, "Meta is unavailable", Some(later), later).await.unwrap();
    let moved = store.delivery_status(channel.id, &out, Delivery::Read, None).await.unwrap();
    assert_eq!(moved, None, "no message has that id yet");
    store.reply_sent(conversation, reply.seq, &out, later).await.unwrap();
    assert_eq!(store.delivery_status(channel.id, &out, Delivery::Read, None).await.unwrap(), Some(conversation));
    assert_eq!(store.delivery_status(channel.id, &out, Delivery::Delivered, None).await.unwrap(), None, "never back");
    let shown = store.messages(&open, reply.seq - 1, 10).await.unwrap();
    assert_eq!(
        shown.last().map(|m| (m.delivery, m.delivery_error.as_deref())),
        Some((Some(Delivery::Read), Some("Meta is unavailable")))
    );

    // Given up on: shown to the supervisors, sent again by one of them.
    let second = store
        .post_message(conversation, Author::Counsellor, Some(jo.id), "tu peux m'envoyer une capture ?", None, later)
        .await
        .unwrap()
        .unwrap();
    store.reply_failed(conversation, second.seq, "Meta refused the message (error 100)", None, later).await.unwrap();
    let dead = store.undelivered_replies(1000).await.unwrap();
    assert!(dead.iter().any(|u| u.conversation == conversation && u.seq == second.seq));
    assert!(store.send_reply_again(conversation, second.seq, jo.id, later).await.unwrap());
    assert!(!store.send_reply_again(conversation, second.seq, jo.id, later).await.unwrap(), "once");
    assert!(
        store
            .undelivered_replies(1000)
            .await
            .unwrap()
            .iter()
            .all(|u| u.seq != second.seq || u.conversation != conversation)
    );

    // "STOP": the conversation ends, nothing more leaves, not even "the conversation has ended".
    let TakenIn::Stopped(Some(stopped)) = store.take_in(&channel, incoming("3", "Stop", None), later).await.unwrap()
    else {
        panic!("STOP ends the open conversation")
    };
    assert_eq!(stopped, conversation);
    assert_eq!(store.conversation(conversation).await.unwrap().unwrap().state, ConversationState::Ended);
    assert!(store.due_replies(later, lease, 1000).await.unwrap().iter().all(|r| r.conversation != conversation));
    assert!(!store.send_reply_again(conversation, second.seq, jo.id, later).await.unwrap(), "not after a stop");

    // Blocked for a day: dropped, and nothing is opened; the block is on the audit trail.
    assert!(
        store.block_sender(sender.id, Some(later + jiff::SignedDuration::from_hours(24)), jo.id, later).await.unwrap()
    );
    assert_eq!(store.take_in(&channel, incoming("4", "re", None), later).await.unwrap(), TakenIn::Blocked);
    let tomorrow = later + jiff::SignedDuration::from_hours(25);
    let TakenIn::Opened { conversation: next, .. } =
        store.take_in(&channel, incoming("5", "re", None), tomorrow).await.unwrap()
    else {
        panic!("the block has ended: a new conversation")
    };
    assert_ne!(next, conversation);

    // The channel disconnected: what waits is given up on, its secrets gone.
    store.post_message(next, Author::System, None, "reengage", None, tomorrow).await.unwrap().unwrap();
    assert!(store.remove_app_channel(&format!("wa-{tag}"), relais_store::Actor::Cli, tomorrow).await.unwrap());
    assert!(store.app_channel_named(&format!("wa-{tag}")).await.unwrap().is_none());
    assert!(store.due_replies(tomorrow, lease, 1000).await.unwrap().iter().all(|r| r.conversation != next));
    let removed = store.app_channel(channel.id).await.unwrap().unwrap();
    assert!(removed.secrets.access_token.is_empty());
}

async fn conversations(store: &Store, tag: &str) {
    use relais_core::case::{CaseStatus, ContactChannel, Skill};
    use relais_core::conversation::{Author, ConversationState};
    use relais_store::conversations::Refused;
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let staff = |name: String| {
        let (store, hash) = (store.clone(), hash.clone());
        async move {
            store
                .add_staff(&name, relais_core::staff::Role::Psychologist, &hash, relais_store::Actor::Cli, now())
                .await
                .unwrap()
        }
    };
    // A database shared between runs may hold chats of earlier ones: answer them first.
    let drainer = staff(format!("drain-chat-{tag}")).await;
    store.set_chat_capacity(drainer.id, 10, relais_store::Actor::Cli, now()).await.unwrap();
    while let Some(case) = store.take_next(drainer.id, Skill::Psychologist, now()).await.unwrap() {
        if let Some(c) = store.conversation_of_case(case.id).await.unwrap() {
            store.end_conversation(c.id, relais_store::Actor::Cli, now()).await.unwrap();
        }
    }
    let chat = |token: &str, first: Option<&str>| relais_store::NewConversation {
        case: relais_store::NewCase::waiting(
            ContactChannel::Chat,
            Category::Harassment,
            AgeBand::Age13To17,
            RiskLevel::None,
            Skill::Psychologist,
            now(),
        ),
        token: format!("{token}-{tag}"),
        locale: relais_core::Locale::Fr,
        first_message: first.map(str::to_owned),
    };
    let (first, case) = store.open_conversation(chat("token-a", Some("bonjour, j'ai besoin d'aide"))).await.unwrap();
    assert_eq!((first.state, first.last_seq, first.case_id), (ConversationState::Waiting, 1, case.id));
    assert_eq!(store.conversation_by_token(&format!("token-a-{tag}")).await.unwrap().map(|c| c.id), Some(first.id));
    assert!(store.conversation_by_token("a guess").await.unwrap().is_none());
    let (second, _) = store.open_conversation(chat("token-b", None)).await.unwrap();

    // The child writes while waiting; numbers follow each other.
    let sent =
        store.post_message(first.id, Author::Child, None, "tu es là ?", Some("c-1"), now()).await.unwrap().unwrap();
    assert_eq!(sent.seq, 2);
    // Sent again after a lost acknowledgement: the same message, stored once.
    let again = store.post_message(first.id, Author::Child, None, "tu es là ?", Some("c-1"), now()).await.unwrap();
    assert_eq!(again.map(|m| m.seq), Ok(2));
    assert_eq!(store.conversation(first.id).await.unwrap().unwrap().last_seq, 2);

    // A counsellor with room for one chat takes the first; the second waits for another.
    let noa = staff(format!("noa-{tag}")).await;
    store.set_chat_capacity(noa.id, 1, relais_store::Actor::Cli, now()).await.unwrap();
    // Two takes of hers at once (two tabs, two servers): one chat, not two.
    let (a, b) = tokio::join!(
        store.take_next(noa.id, Skill::Psychologist, now()),
        store.take_next(noa.id, Skill::Psychologist, now())
    );
    let taken: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert_eq!(taken.len(), 1, "room for one chat: {taken:?}");
    assert_eq!(taken[0].id, case.id, "the oldest chat first");
    let held = store.held_conversations(noa.id).await.unwrap();
    assert_eq!(held.iter().map(|c| (c.id, c.state)).collect::<Vec<_>>(), [(first.id, ConversationState::Active)]);
    assert!(store.take_next(noa.id, Skill::Psychologist, now()).await.unwrap().is_none(), "at capacity");
    let reply = store
        .post_message(first.id, Author::Counsellor, Some(noa.id), "je suis là", None, now())
        .await
        .unwrap()
        .unwrap();
    let all = store.messages(&store.conversation(first.id).await.unwrap().unwrap(), 0, 100).await.unwrap();
    let seen: Vec<(u64, Author, &str)> = all.iter().map(|m| (m.seq, m.author, m.text.as_str())).collect();
    assert_eq!(
        seen,
        [
            (1, Author::Child, "bonjour, j'ai besoin d'aide"),
            (2, Author::Child, "tu es là ?"),
            (3, Author::System, "joined:psychologist"),
            (4, Author::Counsellor, "je suis là"),
        ]
    );
    assert_eq!(reply.staff_id, Some(noa.id));
    let later = store.messages(&store.conversation(first.id).await.unwrap().unwrap(), 3, 100).await.unwrap();
    assert_eq!(later.len(), 1, "a client that saw up to 3 gets the rest");

    // On a call, no chat: the second waits until the call is over.
    let sam = staff(format!("sam-{tag}")).await;
    let call = relais_store::NewCase {
        assigned_to: Some(sam.id),
        opened_by: relais_store::Actor::Staff(sam.id),
        ..relais_store::NewCase::waiting(
            ContactChannel::Phone,
            Category::Other,
            AgeBand::Unknown,
            RiskLevel::None,
            Skill::Psychologist,
            now(),
        )
    };
    store.open_case(call).await.unwrap();
    assert!(store.take_next(sam.id, Skill::Psychologist, now()).await.unwrap().is_none(), "on a call");
    let after_the_call = now() + jiff::SignedDuration::from_mins(46);
    assert!(store.take_next(sam.id, Skill::Psychologist, after_the_call).await.unwrap().is_some());
    assert_eq!(store.conversation(second.id).await.unwrap().unwrap().held_by, Some(sam.id));

    // Passed to a jurist: waiting again, and the child told.
    assert!(store.transfer_case(case.id, Skill::Jurist, noa.id, now()).await.unwrap());
    let moved = store.conversation(first.id).await.unwrap().unwrap();
    assert_eq!((moved.state, moved.held_by), (ConversationState::Waiting, None));
    let told = store.messages(&moved, 4, 10).await.unwrap();
    assert_eq!(told.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["transferred:jurist"]);
    assert!(store.held_conversations(noa.id).await.unwrap().is_empty());
    assert_eq!(
        store.post_message(first.id, Author::Counsellor, Some(noa.id), "encore moi", None, now()).await.unwrap(),
        Err(Refused::NotYours),
        "passed on: the counsellor no longer writes in it"
    );
    // The supervisors' search and a counsellor's own list, on either database.
    let filter = relais_store::CaseFilter {
        channel: Some(ContactChannel::Chat),
        category: Some(Category::Harassment),
        ..Default::default()
    };
    assert!(store.find_cases(&filter, 1000).await.unwrap().iter().any(|c| c.id == case.id));
    let phones = relais_store::CaseFilter {
        channel: Some(ContactChannel::Phone),
        assigned_to: Some(noa.id),
        ..Default::default()
    };
    assert!(store.find_cases(&phones, 1000).await.unwrap().is_empty());
    let before =
        relais_store::CaseFilter { to: Some(now() - jiff::SignedDuration::from_hours(1)), ..Default::default() };
    assert!(store.find_cases(&before, 1000).await.unwrap().iter().all(|c| c.id != case.id));
    assert!(store.open_cases_of(sam.id).await.unwrap().iter().any(|c| c.channel == ContactChannel::Chat));
    // What decides who may open it, on either database.
    let standing = store.case_standing(case.id, noa.id).await.unwrap().unwrap();
    assert!(standing.worked_on && !standing.awaiting_approval && standing.skill == Skill::Jurist);
    assert!(!store.case_standing(case.id, sam.id).await.unwrap().unwrap().worked_on);

    // Ended: no more messages, and once only.
    assert!(store.end_conversation(first.id, relais_store::Actor::Staff(noa.id), now()).await.unwrap());
    assert!(!store.end_conversation(first.id, relais_store::Actor::Staff(noa.id), now()).await.unwrap());
    assert_eq!(
        store.post_message(first.id, Author::Child, None, "allô ?", None, now()).await.unwrap(),
        Err(Refused::Ended)
    );
    let nil = relais_core::id::ConversationId::from(uuid::Uuid::nil());
    assert_eq!(
        store.post_message(nil, Author::Child, None, "x", None, now()).await.unwrap(),
        Err(Refused::NoSuchConversation)
    );

    // The conversation follows its case: resolving the case ends it, and the child is told.
    let case_of_second = store.conversation(second.id).await.unwrap().unwrap().case_id;
    assert!(store.set_case_status(case_of_second, CaseStatus::Resolved, sam.id, now()).await.unwrap());
    let ended = store.conversation(second.id).await.unwrap().unwrap();
    assert_eq!(ended.state, ConversationState::Ended);
    let last = store.messages(&ended, ended.last_seq - 1, 10).await.unwrap();
    assert_eq!(last.iter().map(|m| (m.author, m.text.as_str())).collect::<Vec<_>>(), [(Author::System, "ended")]);
    // A waiting chat a counsellor moves to "in progress" by hand is theirs, as if taken.
    let (third, third_case) = store.open_conversation(chat("token-c", Some("allô"))).await.unwrap();
    assert!(store.set_case_status(third_case.id, CaseStatus::InProgress, sam.id, now()).await.unwrap());
    let held = store.conversation(third.id).await.unwrap().unwrap();
    assert_eq!((held.state, held.held_by), (ConversationState::Active, Some(sam.id)));
    // A child who leaves before anyone answered is no longer waited for; their case says so.
    let (fourth, fourth_case) = store.open_conversation(chat("token-d", None)).await.unwrap();
    assert!(store.end_conversation(fourth.id, relais_store::Actor::Public, now()).await.unwrap());
    let (gone, _) = store.case_file(fourth_case.id).await.unwrap().unwrap();
    assert_eq!((gone.status, gone.outcome), (CaseStatus::Resolved, Some(relais_core::case::Outcome::NoFurtherContact)));
    assert!(store.waiting_cases(Skill::Psychologist, 10_000).await.unwrap().iter().all(|c| c.id != fourth_case.id));
}

async fn queue(store: Store, tag: &str) {
    use relais_core::case::{ContactChannel, QueuePlace, Skill};
    // A database shared between runs may hold cases of earlier ones: answer them first.
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let drainer = store
        .add_staff(&format!("drain-{tag}"), relais_core::staff::Role::Listener, &hash, relais_store::Actor::Cli, now())
        .await
        .unwrap();
    while store.take_next(drainer.id, Skill::Listener, jiff::Timestamp::now()).await.unwrap().is_some() {}

    let t0: jiff::Timestamp = "2026-11-28T15:00:00Z".parse().unwrap();
    let risks = [RiskLevel::None, RiskLevel::Low, RiskLevel::High, RiskLevel::ImmediateDanger];
    let mut opened = Vec::new();
    for i in 0..30i64 {
        let case = store
            .open_case(relais_store::NewCase::waiting(
                ContactChannel::WebForm,
                Category::Harassment,
                if i % 3 == 0 { AgeBand::Adult } else { AgeBand::Age13To17 },
                risks[(i * 7 % 4) as usize],
                Skill::Listener,
                t0 + jiff::SignedDuration::from_secs(i),
            ))
            .await
            .unwrap();
        opened.push(case);
    }
    assert_eq!(store.queue_snapshot(Skill::Listener).await.unwrap().waiting, 30);

    // Twenty counsellors press "take next" at the same moment.
    let mut staff = Vec::new();
    for i in 0..20 {
        staff.push(
            store
                .add_staff(
                    &format!("c{i}-{tag}"),
                    relais_core::staff::Role::Listener,
                    &hash,
                    relais_store::Actor::Cli,
                    now(),
                )
                .await
                .unwrap()
                .id,
        );
    }
    let tasks: Vec<_> = staff
        .into_iter()
        .map(|id| {
            let store = store.clone();
            tokio::spawn(async move { store.take_next(id, Skill::Listener, jiff::Timestamp::now()).await.unwrap() })
        })
        .collect();
    let mut taken = Vec::new();
    for t in tasks {
        taken.push(t.await.unwrap().expect("twenty cases for twenty counsellors"));
    }
    let mut ids: Vec<_> = taken.iter().map(|c| c.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20, "no case was given twice");
    assert!(taken.iter().all(|c| c.assigned_to.is_some()));

    // Exactly the twenty first in answering order were taken.
    opened.sort_by_key(|c| QueuePlace { risk: c.risk, minor: c.minor, queued_at: c.queued_at }.order_key());
    let mut first: Vec<_> = opened.iter().take(20).map(|c| c.id).collect();
    first.sort();
    assert_eq!(ids, first);
    let waiting = store.waiting_cases(Skill::Listener, 100).await.unwrap();
    assert_eq!(waiting.len(), 10);
    let rest: Vec<_> = opened.iter().skip(20).map(|c| c.id).collect();
    let listed: Vec<_> = waiting.iter().map(|c| c.id).collect();
    assert_eq!(listed, rest, "listed in answering order");
    let (file, details) = store.case_file(waiting[0].id).await.unwrap().unwrap();
    assert_eq!((file.id, details), (waiting[0].id, None));
    assert!(store.case_file(CaseId::from(uuid::Uuid::nil())).await.unwrap().is_none());

    // Notes are kept sealed and come back in order; a transfer puts the case in another queue.
    let case = &taken[0];
    let author = case.assigned_to.unwrap();
    store.add_note(case.id, author, "a parlé de son frère", t0).await.unwrap();
    store.add_note(case.id, author, "à rappeler demain", t0 + jiff::SignedDuration::from_secs(1)).await.unwrap();
    let notes = store.notes(case.id).await.unwrap();
    assert_eq!(
        notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(),
        ["a parlé de son frère", "à rappeler demain"]
    );

    // Evidence: a link, a capture; sealed, hashed on the way in, and only read back through its case.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR screenshot of the message".to_vec();
    let link = store
        .add_evidence(
            case.id,
            relais_store::NewEvidence {
                url: Some("https://piaf.example/p/42".into()),
                platform_content_id: Some("post-42".into()),
                captured_at: Some(t0),
                added_by: Some(author),
                ..Default::default()
            },
            t0,
        )
        .await
        .unwrap();
    let shot = store
        .add_evidence(
            case.id,
            relais_store::NewEvidence {
                file: Some((relais_core::evidence::MediaType::Png, png.clone())),
                added_by: Some(author),
                ..Default::default()
            },
            t0 + jiff::SignedDuration::from_secs(1),
        )
        .await
        .unwrap();
    assert_eq!(link.url.as_deref(), Some("https://piaf.example/p/42"));
    assert_eq!(link.captured_at, Some(t0));
    assert_eq!(shot.sha256.as_deref(), Some(hex_sha256(&png).as_str()), "the hash is of the bytes received");
    assert_eq!(shot.size, Some(png.len() as u64));
    let listed = store.evidence(case.id).await.unwrap();
    assert_eq!(listed, vec![link.clone(), shot.clone()]);
    let (meta, bytes) = store.evidence_file(case.id, shot.id).await.unwrap().unwrap();
    assert_eq!((meta, bytes), (shot.clone(), png));
    assert!(store.evidence_file(taken[1].id, shot.id).await.unwrap().is_none(), "not through another case");
    assert!(store.evidence_file(case.id, link.id).await.unwrap().is_none(), "a link has no file");
    assert!(store.add_evidence(CaseId::from(uuid::Uuid::nil()), Default::default(), t0).await.is_err());

    assert!(store.transfer_case(case.id, Skill::Jurist, author, t0).await.unwrap());
    let jurists = store.waiting_cases(Skill::Jurist, 100).await.unwrap();
    assert!(jurists.iter().any(|c| c.id == case.id && c.assigned_to.is_none()));
    use relais_core::case::CaseStatus;
    let other = &taken[1];
    let by = other.assigned_to.unwrap();
    assert!(store.set_case_risk(other.id, RiskLevel::High, by, t0).await.unwrap());
    assert!(store.set_case_status(other.id, CaseStatus::Resolved, by, t0).await.unwrap());
    assert!(
        !store.set_case_status(other.id, CaseStatus::WaitingForPlatform, by, t0).await.unwrap(),
        "not from resolved"
    );
    assert!(store.set_case_status(other.id, CaseStatus::Closed, by, t0).await.unwrap());
    assert!(store.set_case_status(other.id, CaseStatus::InProgress, by, t0).await.unwrap(), "reopened");
    let (file, _) = store.case_file(other.id).await.unwrap().unwrap();
    assert_eq!((file.status, file.risk), (CaseStatus::InProgress, RiskLevel::High));
    let counts = store.case_counts(t0).await.unwrap();
    assert!(counts.iter().any(|c| c.dimension == CaseDimension::Category && c.value == "harassment" && c.count >= 30));
    assert!(counts.iter().any(|c| c.dimension == CaseDimension::Channel && c.value == "web_form"));
    let drain_jurists = store
        .add_staff(&format!("jur-{tag}"), relais_core::staff::Role::Jurist, &hash, relais_store::Actor::Cli, now())
        .await
        .unwrap();
    while store.take_next(drain_jurists.id, Skill::Jurist, jiff::Timestamp::now()).await.unwrap().is_some() {}
    let left = store.queue_snapshot(Skill::Listener).await.unwrap();
    // Twenty taken, one of them transferred to the jurists since.
    assert_eq!((left.waiting, left.in_progress >= 19), (10, true));
    assert!(left.oldest_queued_at.is_some());
}

async fn undelivered(store: &Store, id: NoticeId) -> bool {
    store.undelivered_notices().await.unwrap().iter().any(|n| n.id == id)
}

async fn notices(store: &Store, tag: &str) {
    use relais_core::notice::NoticeStatus;
    use relais_store::{Callback, Connector, NewNotice};
    let t0: jiff::Timestamp = "2026-11-28T15:00:00Z".parse().unwrap();
    let (piaf, _) =
        store.add_client(&format!("piaf-{tag}"), ClientKind::Platform, relais_store::Actor::Cli, now()).await.unwrap();
    let (other, _) =
        store.add_client(&format!("other-{tag}"), ClientKind::Platform, relais_store::Actor::Cli, now()).await.unwrap();
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let lou = store
        .add_staff(&format!("lou-n-{tag}"), relais_core::staff::Role::Listener, &hash, relais_store::Actor::Cli, now())
        .await
        .unwrap();
    let jo = store
        .add_staff(&format!("jo-n-{tag}"), relais_core::staff::Role::Jurist, &hash, relais_store::Actor::Cli, now())
        .await
        .unwrap();
    let case = store
        .open_case(relais_store::NewCase::waiting(
            relais_core::case::ContactChannel::Phone,
            Category::Harassment,
            AgeBand::Age13To17,
            relais_core::risk::RiskLevel::Low,
            relais_core::case::Skill::Listener,
            t0,
        ))
        .await
        .unwrap();
    let connector = Connector {
        client_id: piaf.id,
        endpoint: "http://127.0.0.1:9/notices".into(),
        secret: b"shared secret".to_vec(),
        sla_minutes: 60,
        category_minutes: [(Category::Sextortion, 30), (Category::Csam, 20)].into(),
        fallback_contact: Some("trust@piaf.example".into()),
    };
    store.set_connector(connector.clone(), relais_store::Actor::Cli, t0).await.unwrap();
    let kept = store.connector(piaf.id).await.unwrap().unwrap();
    assert_eq!(kept, connector.clone());
    assert_eq!(
        (kept.sla_for(Category::Sextortion), kept.sla_for(Category::Csam), kept.sla_for(Category::Harassment)),
        (30, 20, 60)
    );
    let draft = |body: &str| NewNotice {
        id: NoticeId::from(uuid::Uuid::now_v7()),
        case_id: case.id,
        client_id: piaf.id,
        category: Category::Harassment,
        actions: vec![relais_core::notice::ActionAsked::Removal],
        age_band: AgeBand::Age13To17,
        body: body.as_bytes().to_vec(),
        sla_minutes: 60,
        drafted_by: lou.id,
        at: t0,
        appeal_of: None,
    };
    let notice = store.draft_notice(draft("{\"n\":1}")).await.unwrap();
    assert_eq!((notice.status, notice.platform_name.as_str()), (NoticeStatus::Draft, piaf.name.as_str()));
    // A draft is not out: nothing to deliver, and the platform does not see it.
    let due = store.due_deliveries(t0, jiff::SignedDuration::from_secs(30), 10).await.unwrap();
    assert!(due.iter().all(|d| d.notice_id != notice.id));
    assert!(store.notices_of_client(piaf.id, None, 10).await.unwrap().is_empty());
    assert_eq!(store.acknowledge_notice(notice.id, piaf.id, t0).await.unwrap(), Callback::NotSent);

    // Approval puts it in the outbox; a worker leases it so another does not send it too.
    assert!(store.approve_notice(notice.id, jo.id, t0).await.unwrap());
    assert!(!store.approve_notice(notice.id, jo.id, t0).await.unwrap(), "approved once");
    let due = store.due_deliveries(t0, jiff::SignedDuration::from_secs(30), 10).await.unwrap();
    let mine: Vec<_> = due.iter().filter(|d| d.notice_id == notice.id).collect();
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].body.as_slice(), &mine[0].connector), (&b"{\"n\":1}"[..], &connector));
    let again = store.due_deliveries(t0, jiff::SignedDuration::from_secs(30), 10).await.unwrap();
    assert!(again.iter().all(|d| d.notice_id != notice.id), "leased");
    let later = t0 + jiff::SignedDuration::from_secs(31);
    store.delivery_failed(notice.id, "HTTP 500", Some(later), t0).await.unwrap();
    let failed = store.notice(notice.id).await.unwrap().unwrap();
    assert_eq!((failed.attempts, failed.last_error.as_deref()), (1, Some("HTTP 500")));
    assert!(
        store
            .due_deliveries(later, jiff::SignedDuration::from_secs(30), 10)
            .await
            .unwrap()
            .iter()
            .any(|d| d.notice_id == notice.id)
    );
    store.delivery_succeeded(notice.id, later).await.unwrap();
    let delivered = store.notice(notice.id).await.unwrap().unwrap();
    assert_eq!(
        (delivered.status, delivered.attempts, delivered.delivered_at),
        (NoticeStatus::Delivered, 2, Some(later))
    );

    // The platform answers: only about its own notices; one decision, repeated harmlessly, never changed.
    assert_eq!(store.acknowledge_notice(notice.id, other.id, later).await.unwrap(), Callback::NotFound);
    assert_eq!(
        store.acknowledge_notice(NoticeId::from(uuid::Uuid::nil()), piaf.id, later).await.unwrap(),
        Callback::NotFound
    );
    assert_eq!(store.acknowledge_notice(notice.id, piaf.id, later).await.unwrap(), Callback::Recorded);
    assert_eq!(store.acknowledge_notice(notice.id, piaf.id, later).await.unwrap(), Callback::AlreadyRecorded);
    let removed = "{\"decision_visibility\":[\"DECISION_VISIBILITY_CONTENT_REMOVED\"]}";
    let decide = |json: &'static str, client| async move {
        store.decide_notice(notice.id, client, "DECISION_VISIBILITY_CONTENT_REMOVED", json, later).await.unwrap()
    };
    assert_eq!(decide(removed, other.id).await, Callback::NotFound);
    assert_eq!(decide(removed, piaf.id).await, Callback::Recorded);
    assert_eq!(decide(removed, piaf.id).await, Callback::AlreadyRecorded);
    assert_eq!(decide("{\"decision_visibility\":[]}", piaf.id).await, Callback::Conflict);
    let decided = store.notice(notice.id).await.unwrap().unwrap();
    assert_eq!((decided.status, decided.decision_json.as_deref()), (NoticeStatus::Decided, Some(removed)));
    let listed = store.notices_of_client(piaf.id, Some(NoticeStatus::Decided), 10).await.unwrap();
    assert_eq!(listed.iter().map(|n| n.id).collect::<Vec<_>>(), [notice.id]);
    assert!(store.notices_of_client(other.id, None, 10).await.unwrap().is_empty());

    // After the last attempt, a notice is dead-lettered, for the supervisors.
    let doomed = store.draft_notice(draft("{\"n\":2}")).await.unwrap();
    store.approve_notice(doomed.id, jo.id, t0).await.unwrap();
    store.delivery_failed(doomed.id, "connection refused", None, t0).await.unwrap();
    assert_eq!(store.notice(doomed.id).await.unwrap().unwrap().status, NoticeStatus::DeadLettered);
    assert_eq!(store.notices_of_case(case.id).await.unwrap().len(), 2);
    assert!(undelivered(store, doomed.id).await);

    // Sent again: a fresh round of attempts, due at once; the last reason kept until the next attempt.
    let t1 = t0 + jiff::SignedDuration::from_secs(1);
    assert!(store.redeliver_notice(doomed.id, jo.id, t1).await.unwrap());
    assert!(!store.redeliver_notice(doomed.id, jo.id, t1).await.unwrap(), "only a dead letter");
    assert!(!store.redeliver_notice(notice.id, jo.id, t1).await.unwrap(), "never a decided notice");
    let again = store.notice(doomed.id).await.unwrap().unwrap();
    assert_eq!(
        (again.status, again.attempts, again.last_error.as_deref()),
        (NoticeStatus::Approved, 0, Some("connection refused"))
    );
    assert!(!undelivered(store, doomed.id).await);
    let due = store.due_deliveries(t1, jiff::SignedDuration::from_secs(30), 10_000).await.unwrap();
    assert!(due.iter().any(|d| d.notice_id == doomed.id));
    store.delivery_failed(doomed.id, "connection refused", None, t1).await.unwrap();
    assert!(undelivered(store, doomed.id).await, "and given up on again");

    // A notice whose case is erased before it leaves can never be sent: dead-lettered, not leased forever.
    let orphan = store.draft_notice(draft("{\"n\":3}")).await.unwrap();
    store.approve_notice(orphan.id, jo.id, t0).await.unwrap();
    use relais_core::case::CaseStatus;
    assert!(store.set_case_status(case.id, CaseStatus::InProgress, lou.id, t0).await.unwrap());
    assert!(store.set_case_status(case.id, CaseStatus::Resolved, lou.id, t0).await.unwrap());
    assert!(store.set_case_status(case.id, CaseStatus::Closed, lou.id, t0).await.unwrap());
    assert!(store.erase_closed_cases(t0 + jiff::SignedDuration::from_secs(1), t0).await.unwrap() >= 1);
    let due = store.due_deliveries(t0, jiff::SignedDuration::from_secs(30), 100).await.unwrap();
    assert!(due.iter().all(|d| d.notice_id != orphan.id));
    let orphan = store.notice(orphan.id).await.unwrap().unwrap();
    assert_eq!(
        (orphan.status, orphan.last_error.as_deref()),
        (NoticeStatus::DeadLettered, Some(relais_core::undelivered::Why::CaseErased.store().as_str()))
    );
    assert!(!undelivered(store, orphan.id).await, "not a task for the supervisors: the case is gone on purpose");
}

async fn audit(store: Store) {
    // Appends from many tasks at once still make one unbroken chain.
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let event =
                    AuditEvent { actor: format!("staff:{i}"), action: "case.read".into(), subject: "case:7".into() };
                store.append_audit(event, jiff::Timestamp::now()).await.unwrap().seq
            })
        })
        .collect();
    let mut seqs = Vec::new();
    for t in tasks {
        seqs.push(t.await.unwrap());
    }
    seqs.sort_unstable();
    seqs.dedup();
    assert_eq!(seqs.len(), 20, "every append got its own row");
    assert!(matches!(store.verify_audit().await.unwrap(), ChainCheck::Intact { .. }));

    // Appends never fail for another writer's sake: a busy database makes them wait, not drop a row.
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for _ in 0..40 {
                let case = relais_store::NewCase::waiting(
                    relais_core::case::ContactChannel::Phone,
                    Category::Harassment,
                    AgeBand::Age13To17,
                    relais_core::risk::RiskLevel::None,
                    relais_core::case::Skill::Psychologist,
                    jiff::Timestamp::now(),
                );
                store.open_case(case).await.unwrap();
            }
        })
    };
    for i in 0..40 {
        let event =
            AuditEvent { actor: "staff:1".into(), action: "case.read".into(), subject: format!("case:busy-{i}") };
        store.append_audit(event, jiff::Timestamp::now()).await.expect("an append while others write");
    }
    writer.await.unwrap();

    // A record's own rows, and those of its parts, but not a record whose id merely starts the same.
    let subject = format!("case:{}", uuid_tag());
    for (action, subject) in [
        ("case.take", subject.clone()),
        ("case.evidence.add", format!("{subject} evidence:1")),
        ("case.take", format!("{subject}0")),
    ] {
        let event = AuditEvent { actor: "staff:1".into(), action: action.into(), subject };
        store.append_audit(event, jiff::Timestamp::now()).await.unwrap();
    }
    let actions: Vec<_> = store.audit_of(&subject).await.unwrap().into_iter().map(|r| r.event.action).collect();
    assert_eq!(actions, ["case.take", "case.evidence.add"]);
}

async fn staff(store: &Store, tag: &str) {
    use relais_core::staff::Role;
    let name = format!("camille-{tag}");
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let s = store.add_staff(&name, Role::Jurist, &hash, relais_store::Actor::Cli, now()).await.unwrap();
    assert_eq!((s.role, s.must_change_password), (Role::Jurist, true), "a one-time password to change");
    assert!(matches!(
        store.add_staff(&name, Role::Listener, &hash, relais_store::Actor::Cli, now()).await,
        Err(StoreError::AlreadyExists { .. })
    ));
    assert!(store.list_staff().await.unwrap().iter().any(|x| x.name == name));

    // Whatever changes how an account signs in ends its sessions.
    let t0: jiff::Timestamp = "2026-11-28T15:00:00Z".parse().unwrap();
    let open = |n: u32| {
        let token = format!("token-{tag}-{n}");
        async move {
            store.create_session(&token, s.id, "csrf", t0).await.unwrap();
            token
        }
    };
    let (a, b) = (open(1).await, open(2).await);
    store.set_staff_password(s.id, &hash, true, relais_store::Actor::Cli, t0).await.unwrap();
    assert!(store.session(&a).await.unwrap().is_none() && store.session(&b).await.unwrap().is_none());
    assert!(!store.staff_by_name(&name).await.unwrap().unwrap().must_change_password, "chosen by them");
    let c = open(3).await;
    store.set_staff_password(s.id, &hash, false, relais_store::Actor::Cli, t0).await.unwrap();
    assert!(store.session(&c).await.unwrap().is_none());
    assert!(store.staff_by_name(&name).await.unwrap().unwrap().must_change_password, "reset: change it again");
    let d = open(4).await;
    store.set_staff_totp(s.id, None, relais_store::Actor::Cli, t0).await.unwrap();
    assert!(store.session(&d).await.unwrap().is_none(), "a second factor changed");
    let nobody = relais_core::id::StaffId::from(uuid::Uuid::nil());
    assert!(matches!(
        store.set_staff_password(nobody, &hash, true, relais_store::Actor::Cli, t0).await,
        Err(StoreError::NotFound { .. })
    ));

    // The second factor: sealed, read back, each time step accepted once.
    assert!(!s.has_totp);
    assert_eq!(store.staff_totp_secret(s.id).await.unwrap(), None);
    store.set_staff_totp(s.id, Some(b"twenty bytes secret!"), relais_store::Actor::Cli, now()).await.unwrap();
    assert!(store.staff_by_name(&name).await.unwrap().unwrap().has_totp);
    assert_eq!(store.staff_totp_secret(s.id).await.unwrap().as_deref(), Some(&b"twenty bytes secret!"[..]));
    assert!(store.claim_totp_step(s.id, 100).await.unwrap());
    assert!(!store.claim_totp_step(s.id, 100).await.unwrap(), "a code is used once");
    assert!(!store.claim_totp_step(s.id, 99).await.unwrap(), "nor an older one");
    assert!(store.claim_totp_step(s.id, 101).await.unwrap());
    store.set_staff_totp(s.id, None, relais_store::Actor::Cli, now()).await.unwrap();
    assert!(!store.staff_by_name(&name).await.unwrap().unwrap().has_totp);
    assert!(store.set_staff_totp(nobody, None, relais_store::Actor::Cli, now()).await.is_err());

    let now: jiff::Timestamp = "2026-11-28T15:00:00Z".parse().unwrap();
    let token = format!("token-{tag}");
    store.create_session(&token, s.id, "csrf-1", now).await.unwrap();
    let session = store.session(&token).await.unwrap().unwrap();
    assert_eq!((session.staff.id, session.csrf_token.as_str()), (s.id, "csrf-1"));
    let later = now + jiff::SignedDuration::from_mins(5);
    store.touch_session(&token, later).await.unwrap();
    assert_eq!(store.session(&token).await.unwrap().unwrap().last_seen_at, later);
    assert!(store.session("another token").await.unwrap().is_none());
    store.end_session(&token, later).await.unwrap();
    assert!(store.session(&token).await.unwrap().is_none(), "an ended session never comes back");

    let e = open(5).await;
    assert!(store.disable_staff(s.id, relais_store::Actor::Cli, later).await.unwrap());
    assert!(store.session(&e).await.unwrap().is_none(), "a disabled account's sessions end");
    assert_eq!(store.staff_by_name(&name).await.unwrap().unwrap().disabled_at, Some(later));
    assert!(!store.disable_staff(s.id, relais_store::Actor::Cli, later).await.unwrap(), "once");
}

async fn handoffs(store: &Store, tag: &str) {
    let (platform, _) =
        store.add_client(&format!("snap-{tag}"), ClientKind::Platform, relais_store::Actor::Cli, now()).await.unwrap();
    let now: jiff::Timestamp = "2026-11-28T15:00:00Z".parse().unwrap();
    let new = |code: &str, hours: i64| NewHandoff {
        client_id: platform.id,
        code: code.to_owned(),
        country: CountryCode::parse("FR").unwrap(),
        category: Category::Harassment,
        age_band: AgeBand::Age13To17,
        role: relais_core::ReporterRole::Victim,
        context: br#"{"description":"they post my photos"}"#.to_vec(),
        created_at: now,
        expires_at: now + jiff::SignedDuration::from_hours(hours),
    };
    let code = format!("A{}", &tag_code(tag));
    let h = store.create_handoff(new(&code, 72)).await.unwrap();
    assert_eq!(h.status(now), HandoffStatus::Pending);
    assert_eq!(h.platform_name, platform.name);
    assert_eq!(store.handoff(h.id).await.unwrap(), Some(h.clone()));
    assert_eq!(store.handoff_by_code(&code).await.unwrap(), Some(h.clone()));
    assert!(store.handoff_by_code("ZZZ-ZZZ-ZZZ").await.unwrap().is_none());
    match store.create_handoff(new(&code, 72)).await {
        Err(StoreError::AlreadyExists { .. }) => {}
        other => panic!("a code is unique: {other:?}"),
    }

    // Read while pending, claimed by the case that is written with it, then never again.
    let (pending, context) = store.pending_handoff(&code, now).await.unwrap().unwrap();
    assert_eq!(context, br#"{"description":"they post my photos"}"#);
    assert_eq!(pending.status(now), HandoffStatus::Pending);
    let with_handoff = || relais_store::NewCase {
        handoff_id: Some(pending.id),
        ..relais_store::NewCase::waiting(
            relais_core::case::ContactChannel::Handoff,
            Category::Harassment,
            AgeBand::Age13To17,
            RiskLevel::None,
            relais_core::case::Skill::Listener,
            now,
        )
    };
    let case = store.open_case(with_handoff()).await.unwrap();
    let linked = store.linked_handoffs(case.id).await.unwrap();
    assert_eq!(
        linked.iter().map(|h| (h.id, h.status(now))).collect::<Vec<_>>(),
        [(pending.id, HandoffStatus::Attached)]
    );
    assert!(store.pending_handoff(&code, now).await.unwrap().is_none());
    // A second case racing for the same code is refused whole: no case, no audit row.
    let cases_before = store.case_counts(now - jiff::SignedDuration::from_hours(1)).await.unwrap();
    match store.open_case(with_handoff()).await {
        Err(e) if e.handoff_gone() => {}
        other => panic!("a handoff is claimed once: {other:?}"),
    }
    assert_eq!(store.case_counts(now - jiff::SignedDuration::from_hours(1)).await.unwrap(), cases_before);

    // Expired handoffs cannot be claimed, and their context is erased.
    let late = format!("B{}", &tag_code(tag));
    let expired = store.create_handoff(new(&late, 1)).await.unwrap();
    let after = now + jiff::SignedDuration::from_hours(2);
    assert_eq!(expired.status(after), HandoffStatus::Expired);
    assert!(store.pending_handoff(&late, after).await.unwrap().is_none());
    assert!(store.erase_expired_handoffs(after).await.unwrap() >= 1);
    assert!(store.pending_handoff(&late, now).await.unwrap().is_none(), "erased: nothing to claim even before expiry");
}

/// A code unique to this run, so runs can share a PostgreSQL database.
fn tag_code(tag: &str) -> String {
    tag.chars().rev().take(8).collect()
}

#[tokio::test]
async fn a_handoffs_context_never_reaches_the_database_file_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let store = Store::open_sqlite(&path).await.unwrap();
    let (platform, _) = store.add_client("p", ClientKind::Platform, relais_store::Actor::Cli, now()).await.unwrap();
    let now = jiff::Timestamp::now();
    // Sealed: the plaintext never reaches the file.
    let secret = "MARKER-of-a-childs-story";
    store
        .create_handoff(NewHandoff {
            client_id: platform.id,
            code: "7KQ-M2P-9XD".into(),
            country: CountryCode::parse("FR").unwrap(),
            category: Category::Ncii,
            age_band: AgeBand::Age13To17,
            role: relais_core::ReporterRole::Victim,
            context: secret.as_bytes().to_vec(),
            created_at: now,
            expires_at: now + jiff::SignedDuration::from_secs(1),
        })
        .await
        .unwrap();
    store.close().await;
    let bytes = std::fs::read(&path).unwrap();
    let wal = std::fs::read(dir.path().join("relais.db-wal")).unwrap_or_default();
    // What was written is in the file or, not yet checkpointed, in its log: both are read.
    assert!(bytes.len() + wal.len() > 4096, "the database was read ({} + {} bytes)", bytes.len(), wal.len());
    for file in [&bytes, &wal] {
        assert!(!file.windows(secret.len()).any(|w| w == secret.as_bytes()), "plaintext found in the database");
    }
}

#[tokio::test]
async fn sqlite_story() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("data/relais.db")).await.unwrap();
    story(store, "sqlite").await;
}

/// The whole story on a single connection: an operation that held one connection while it
/// waited for a second would wait for ever (here: fail at the pool's time-out).
#[tokio::test]
async fn sqlite_story_on_one_connection() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite_with_connections(&dir.path().join("relais.db"), 1).await.unwrap();
    story(store, "sqlite-one").await;
}

#[tokio::test]
async fn sqlite_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let (client, key) = {
        let store = Store::open_sqlite(&path).await.unwrap();
        store.add_client("snap", ClientKind::Platform, relais_store::Actor::Cli, now()).await.unwrap()
    };
    let store = Store::open_sqlite(&path).await.unwrap();
    let record = store.client_by_key_id(key.id().as_str()).await.unwrap().unwrap();
    assert_eq!(record.client, client);
}

#[tokio::test]
async fn postgres_story() {
    let Some(url) = postgres_url() else { return };
    // The master key is made in a temporary directory, never in the source tree.
    let dir = tempfile::tempdir().unwrap();
    share_the_master_key(dir.path());
    let store = Store::open(Some(&url), dir.path()).await.unwrap();
    // Names are unique per run so the story can run again on the same database.
    let tag = uuid_tag();
    story(store, &tag).await;
}

#[tokio::test]
async fn a_change_is_kept_only_with_its_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let store = Store::open_sqlite(&path).await.unwrap();
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let lou = store
        .add_staff("lou", relais_core::staff::Role::Listener, &hash, relais_store::Actor::Cli, now())
        .await
        .unwrap();
    let case = store
        .open_case(relais_store::NewCase {
            opened_by: relais_store::Actor::Staff(lou.id),
            assigned_to: Some(lou.id),
            ..harassment(relais_core::case::ContactChannel::Phone)
        })
        .await
        .unwrap();
    store.add_note(case.id, lou.id, "première note", now()).await.unwrap();
    let rows = store.audit_rows(0, 100).await.unwrap();
    let last = rows.last().unwrap();
    assert_eq!(
        (last.event.actor.clone(), last.event.action.as_str(), last.event.subject.clone()),
        (format!("staff:{}", lou.id), "case.note", format!("case:{}", case.id))
    );
    assert!(last.mac.is_some(), "keyed");

    // The trail refuses to grow (a full disk, a locked table): the change is refused with it.
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::query("CREATE TRIGGER no_more_rows BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'full'); END")
        .execute(&pool)
        .await
        .unwrap();
    assert!(store.add_note(case.id, lou.id, "seconde note", now()).await.is_err());
    assert!(store.set_case_status(case.id, relais_core::case::CaseStatus::Resolved, lou.id, now()).await.is_err());
    assert_eq!(store.notes(case.id).await.unwrap().len(), 1, "no note without its row");
    let (unchanged, _) = store.case_file(case.id).await.unwrap().unwrap();
    assert_eq!(unchanged.status, relais_core::case::CaseStatus::InProgress, "no move without its row");
    sqlx::query("DROP TRIGGER no_more_rows").execute(&pool).await.unwrap();
    pool.close().await;
    assert!(matches!(store.verify_audit().await.unwrap(), ChainCheck::Intact { .. }));
}

#[tokio::test]
async fn who_worked_on_a_case_is_known_to_decide_who_may_open_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("relais.db")).await.unwrap();
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let add = |name: &'static str| {
        let store = store.clone();
        let hash = hash.clone();
        async move {
            store
                .add_staff(name, relais_core::staff::Role::Listener, &hash, relais_store::Actor::Cli, now())
                .await
                .unwrap()
        }
    };
    let (lou, sam, noa) = (add("lou").await, add("sam").await, add("noa").await);
    let case = store.open_case(harassment(relais_core::case::ContactChannel::WebForm)).await.unwrap();
    let reach = store.case_standing(case.id, lou.id).await.unwrap().unwrap();
    assert_eq!((reach.status, reach.assigned_to, reach.worked_on), (relais_core::case::CaseStatus::New, None, false));
    store.take_next(lou.id, relais_core::case::Skill::Listener, now()).await.unwrap().unwrap();
    store.add_note(case.id, sam.id, "vu en renfort", now()).await.unwrap();
    store.transfer_case(case.id, relais_core::case::Skill::Jurist, lou.id, now()).await.unwrap();
    let lou_reach = store.case_standing(case.id, lou.id).await.unwrap().unwrap();
    assert_eq!(
        (lou_reach.skill, lou_reach.assigned_to, lou_reach.worked_on),
        (relais_core::case::Skill::Jurist, None, true)
    );
    assert!(store.case_standing(case.id, sam.id).await.unwrap().unwrap().worked_on, "a note is work");
    assert!(!store.case_standing(case.id, noa.id).await.unwrap().unwrap().worked_on);
    assert!(store.case_standing(CaseId::from(uuid::Uuid::nil()), lou.id).await.unwrap().is_none());
}

#[tokio::test]
async fn a_checkpoint_shows_a_trail_rewritten_whole() {
    use relais_store::audit::{Checkpoint, CheckpointCheck, chain_hash};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let store = Store::open_sqlite(&path).await.unwrap();
    for i in 0..3 {
        store.append_audit(relais_store::Actor::System.did("test.row", format!("n:{i}")), now()).await.unwrap();
    }
    let checkpoint = store.audit_checkpoint(now()).await.unwrap();
    let read = Checkpoint::parse(&checkpoint.to_text()).unwrap();
    assert_eq!(read, checkpoint);
    assert_eq!(store.check_checkpoint(&read).await.unwrap(), CheckpointCheck::Holds { rows: 3, added: 0 });

    // Every MAC stripped and every row rehashed, as if written before the trail had a key.
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let rows = store.audit_rows(0, 10).await.unwrap();
    let mut previous = relais_store::audit::GENESIS.to_vec();
    for mut r in rows {
        r.event.subject = "n:nothing".into();
        let hash = chain_hash(&previous, r.seq, r.at, &r.event).to_vec();
        sqlx::query("UPDATE audit_log SET subject = $1, hash = $2, mac = NULL WHERE seq = $3")
            .bind(&r.event.subject)
            .bind(&hash)
            .bind(r.seq as i64)
            .execute(&pool)
            .await
            .unwrap();
        previous = hash;
    }
    pool.close().await;
    assert!(matches!(store.verify_audit().await.unwrap(), ChainCheck::Intact { rows: 3 }), "the chain alone holds");
    assert_eq!(store.check_checkpoint(&read).await.unwrap(), CheckpointCheck::Rewritten { rows: 3 });

    // A checkpoint of another helpline (another master key) is refused.
    let other = tempfile::tempdir().unwrap();
    let elsewhere = Store::open_sqlite(&other.path().join("relais.db")).await.unwrap();
    assert!(elsewhere.check_checkpoint(&read).await.is_err());
}

/// A 13–17-year-old's harassment case, waiting for a listener, opened now.
fn harassment(channel: relais_core::case::ContactChannel) -> relais_store::NewCase {
    relais_store::NewCase::waiting(
        channel,
        Category::Harassment,
        AgeBand::Age13To17,
        RiskLevel::None,
        relais_core::case::Skill::Listener,
        now(),
    )
}

#[tokio::test]
async fn a_chat_is_sealed_at_rest_and_erased_with_its_case() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let store = Store::open_sqlite(&path).await.unwrap();
    let (conversation, case) = store
        .open_conversation(relais_store::NewConversation {
            case: harassment(relais_core::case::ContactChannel::Chat),
            token: "a-resume-token".into(),
            locale: relais_core::Locale::Fr,
            first_message: Some("MARKER-what-the-child-wrote".into()),
        })
        .await
        .unwrap();
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let lou = store
        .add_staff("lou", relais_core::staff::Role::Listener, &hash, relais_store::Actor::Cli, now())
        .await
        .unwrap();
    store.take_next(lou.id, relais_core::case::Skill::Listener, now()).await.unwrap().unwrap();
    store.close().await;
    let file = std::fs::read(&path).unwrap();
    assert!(!file.windows(6).any(|w| w == b"MARKER"), "the message is sealed in the database file");
    let store = Store::open_sqlite(&path).await.unwrap();
    for status in [relais_core::case::CaseStatus::Resolved, relais_core::case::CaseStatus::Closed] {
        assert!(store.set_case_status(case.id, status, lou.id, now()).await.unwrap());
    }
    let later = now() + jiff::SignedDuration::from_hours(24 * 400);
    assert_eq!(store.erase_closed_cases(later - jiff::SignedDuration::from_hours(24 * 365), later).await.unwrap(), 1);
    let kept = store.conversation(conversation.id).await.unwrap().unwrap();
    assert!(store.messages(&kept, 0, 100).await.unwrap().is_empty(), "the messages went with the case");
    assert!(store.conversation_by_token("a-resume-token").await.unwrap().is_none(), "the token opens nothing");
}

/// Servers that share a database share its master key (its sealed fields and
/// its audit trail's MACs are under it): so do the tests that share the
/// PostgreSQL test database, with a key made for the tests alone.
fn share_the_master_key(dir: &std::path::Path) {
    std::fs::write(dir.join("relais.key"), "7e".repeat(32)).unwrap();
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn uuid_tag() -> String {
    format!("{}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos())
}

#[tokio::test]
async fn a_tampered_audit_row_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let store = Store::open_sqlite(&path).await.unwrap();
    for action in ["console.sign_in", "case.read", "case.write", "console.sign_out"] {
        let event = AuditEvent { actor: "staff:1".into(), action: action.into(), subject: "case:9".into() };
        store.append_audit(event, jiff::Timestamp::now()).await.unwrap();
    }
    assert_eq!(store.verify_audit().await.unwrap(), ChainCheck::Intact { rows: 4 });
    drop(store);

    // Someone with the database file rewrites history.
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::query("UPDATE audit_log SET action = 'case.read' WHERE seq = 3").execute(&pool).await.unwrap();
    pool.close().await;
    let store = Store::open_sqlite(&path).await.unwrap();
    match store.verify_audit().await.unwrap() {
        ChainCheck::Broken { seq, reason } => {
            assert_eq!(seq, 3);
            assert!(reason.contains("row 3"), "{reason}");
        }
        other => panic!("tampering went unseen: {other:?}"),
    }
}

#[tokio::test]
async fn an_erased_case_cannot_be_read_back_from_the_database_file() {
    use relais_core::case::{CaseStatus, ContactChannel, Skill};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let store = Store::open_sqlite(&path).await.unwrap();
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let staff = store
        .add_staff("lou", relais_core::staff::Role::Listener, &hash, relais_store::Actor::Cli, now())
        .await
        .unwrap();
    let story = "MARKER-story-of-a-child-who-was-harassed";
    let long_ago: jiff::Timestamp = "2024-01-10T10:00:00Z".parse().unwrap();
    let case = store
        .open_case(relais_store::NewCase {
            reference: Some(relais_core::case::CaseReference { code: "ABCD-EFGH".into(), word: "girafe" }),
            file: Some(relais_core::case::CaseFile { description: Some(story.into()), ..Default::default() }),
            assigned_to: Some(staff.id),
            ..relais_store::NewCase::waiting(
                ContactChannel::WebForm,
                Category::Harassment,
                AgeBand::Age13To17,
                relais_core::risk::RiskLevel::None,
                Skill::Listener,
                long_ago,
            )
        })
        .await
        .unwrap();
    store.add_note(case.id, staff.id, "MARKER-note-about-the-family", long_ago).await.unwrap();
    let capture = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR MARKER-capture-of-the-blackmail".to_vec();
    let evidence = relais_store::NewEvidence {
        url: Some("https://piaf.example/MARKER-link".into()),
        file: Some((relais_core::evidence::MediaType::Png, capture)),
        ..Default::default()
    };
    store.add_evidence(case.id, evidence, long_ago).await.unwrap();
    assert!(store.case_file(case.id).await.unwrap().unwrap().1.is_some());
    assert_eq!(store.case_by_reference("ABCD-EFGH", Some("Girafe ")).await.unwrap().map(|c| c.id), Some(case.id));
    assert!(store.case_by_reference("ABCD-EFGH", Some("zebre")).await.unwrap().is_none(), "the word must match");
    assert!(store.case_by_reference("ABCD-EFGH", None).await.unwrap().is_some(), "a counsellor finds it by code");
    assert!(store.set_case_status(case.id, CaseStatus::Resolved, staff.id, long_ago).await.unwrap());
    assert!(store.set_case_status(case.id, CaseStatus::Closed, staff.id, long_ago).await.unwrap());

    // What a thief of the file could use today: the wrapped key and the sealed text.
    let raw = || async {
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        let wrapped: Option<Vec<u8>> = sqlx::query_scalar("SELECT wrapped FROM case_keys WHERE case_id = $1")
            .bind(case.id.to_string())
            .fetch_optional(&pool)
            .await
            .unwrap();
        let sealed: Option<Vec<u8>> = sqlx::query_scalar("SELECT details FROM cases WHERE id = $1")
            .bind(case.id.to_string())
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        (wrapped, sealed)
    };
    let (wrapped, sealed) = raw().await;
    let (wrapped, sealed) = (wrapped.unwrap(), sealed.unwrap());

    // A retention of one year, run now.
    let a_year_ago = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 365);
    assert_eq!(store.erase_closed_cases(a_year_ago, jiff::Timestamp::now()).await.unwrap(), 1);
    assert_eq!(store.case_file(case.id).await.unwrap().unwrap().1, None);
    assert!(store.notes(case.id).await.unwrap().is_empty());
    assert!(store.evidence(case.id).await.unwrap().is_empty());
    assert!(store.add_note(case.id, staff.id, "too late", jiff::Timestamp::now()).await.is_err());
    assert_eq!(raw().await, (None, None));
    assert!(store.case_by_reference("ABCD-EFGH", None).await.unwrap().is_none(), "an erased case is not found");
    store.close().await;

    // Neither the text, nor its sealed form, nor the key that opened it is left in the files.
    for file in ["relais.db", "relais.db-wal"] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap_or_default();
        assert!(file.ends_with("-wal") || bytes.len() > 4096, "the database file was read ({} bytes)", bytes.len());
        let needles: [&[u8]; 6] = [
            story.as_bytes(),
            b"MARKER-note-about-the-family",
            b"MARKER-capture-of-the-blackmail",
            b"MARKER-link",
            &wrapped[..],
            &sealed[..],
        ];
        for needle in needles {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{file} still holds erased bytes");
        }
    }
}

/// The rule that child sexual abuse material is never copied into a bundle
/// fails closed: a case whose category this version cannot read is not read
/// as some other category (which might be copied); it is not read at all.
#[tokio::test]
async fn a_case_whose_category_cannot_be_read_is_refused_not_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let store = Store::open_sqlite(&path).await.unwrap();
    let case = store
        .open_case(relais_store::NewCase::waiting(
            relais_core::case::ContactChannel::Phone,
            Category::Csam,
            AgeBand::Age13To17,
            RiskLevel::High,
            relais_core::case::Skill::Jurist,
            now(),
        ))
        .await
        .unwrap();
    // Written by a version that knew another category, or by someone with the file.
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::query("UPDATE cases SET category = 'a-category-from-elsewhere' WHERE id = $1")
        .bind(case.id.to_string())
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    match store.case_file(case.id).await {
        Err(StoreError::Corrupt(why)) => assert!(why.contains("category"), "{why}"),
        other => panic!("an unreadable category was read: {other:?}"),
    }
    assert!(store.waiting_cases(relais_core::case::Skill::Jurist, 10).await.is_err(), "nor listed as another");
}

#[tokio::test]
async fn a_childs_reference_made_before_the_keys_were_derived_anew_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let store = Store::open_sqlite(&path).await.unwrap();
    let case = store
        .open_case(relais_store::NewCase {
            reference: Some(relais_core::case::CaseReference { code: "QRST-UVWX".into(), word: "loutre" }),
            ..harassment(relais_core::case::ContactChannel::WebForm)
        })
        .await
        .unwrap();
    // The digests the first versions wrote, with the same master key.
    let keys = relais_store::crypto::FieldKeys::load_or_create(dir.path()).unwrap();
    let [_, code] = keys.digests("QRST-UVWX");
    let [_, word] = keys.digests("loutre");
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::query("UPDATE cases SET reference_digest = $1, word_digest = $2 WHERE id = $3")
        .bind(code)
        .bind(word)
        .bind(case.id.to_string())
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let found = store.case_by_reference("QRST-UVWX", Some("loutre")).await.unwrap();
    assert_eq!(found.map(|c| c.id), Some(case.id));
    assert!(store.case_by_reference("QRST-UVWX", Some("castor")).await.unwrap().is_none(), "the word still counts");
}

/// The PostgreSQL database to test against. Without one the PostgreSQL tests
/// are skipped on a developer's machine, and fail under CI, where a skipped
/// backend would pass unseen.
fn postgres_url() -> Option<String> {
    match std::env::var("RELAIS_TEST_POSTGRES_URL") {
        Ok(url) => Some(url),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!("CI is set but RELAIS_TEST_POSTGRES_URL is not: the PostgreSQL backend must be tested")
        }
        Err(_) => {
            eprintln!("RELAIS_TEST_POSTGRES_URL is not set: the PostgreSQL backend was not exercised");
            None
        }
    }
}

/// Nothing secret in the repository: no master key or database is tracked,
/// and a key file made anywhere in the tree (a store opened from a crate's
/// directory, the demo run from the root) is ignored.
#[test]
fn the_repository_tracks_no_master_key_nor_database() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let git = |args: &[&str]| std::process::Command::new("git").arg("-C").arg(&root).args(args).output();
    let Ok(listed) = git(&["ls-files"]) else {
        assert!(std::env::var_os("CI").is_none(), "git is needed under CI to check the repository");
        return;
    };
    if !listed.status.success() {
        // Not a checkout (a source archive): nothing is tracked.
        return;
    }
    let tracked = String::from_utf8(listed.stdout).unwrap();
    let secret = |path: &&str| {
        let name = path.rsplit('/').next().unwrap_or(path);
        name == "relais.key" || name.ends_with(".db") || name.ends_with(".db-wal") || name.ends_with(".db-shm")
    };
    let found: Vec<&str> = tracked.lines().filter(secret).collect();
    assert!(found.is_empty(), "tracked secrets or databases: {found:?}");
    for path in ["crates/relais-store/relais.key", "relais.key", "relais-data/relais.db"] {
        let ignored = git(&["check-ignore", "-q", path]).unwrap();
        assert!(ignored.status.success(), "{path} would not be ignored");
    }
}

/// Whoever wrote from an app is forgotten with their last case: their sealed
/// address, its digest, the ids of what they sent; a block is kept until it ends.
#[tokio::test]
async fn a_sender_is_forgotten_with_their_last_case() {
    use relais_core::messaging::AppKind;
    use relais_store::messaging::{AppSecrets, Incoming, NewAppChannel, TakenIn};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("relais.db")).await.unwrap();
    let at = now();
    let secrets = AppSecrets { app_secret: "a".into(), access_token: "b".into(), verify_token: "c".into() };
    let new =
        NewAppChannel { name: "wa".into(), kind: AppKind::WhatsApp, account_id: "1".into(), secrets, template: None };
    let channel = store.add_app_channel(new, relais_store::Actor::Cli, at).await.unwrap();
    let incoming = |id: &str, from: &str| Incoming {
        external_id: id.into(),
        from: from.into(),
        text: "bonjour".into(),
        evidence: None,
        new_case: harassment(relais_core::case::ContactChannel::WhatsApp),
        locale: relais_core::Locale::Fr,
        closed_notice: None,
    };
    let TakenIn::Opened { conversation, case } =
        store.take_in(&channel, incoming("m1", "33611111111"), at).await.unwrap()
    else {
        panic!("opened")
    };
    let TakenIn::Opened { conversation: blocked_one, case: blocked_case } =
        store.take_in(&channel, incoming("m2", "33622222222"), at).await.unwrap()
    else {
        panic!("opened")
    };
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let sup = store
        .add_staff("sup", relais_core::staff::Role::Supervisor, &hash, relais_store::Actor::Cli, at)
        .await
        .unwrap();
    let blocked_sender = store.conversation(blocked_one).await.unwrap().unwrap().sender_id.unwrap();
    let year = jiff::SignedDuration::from_hours(24 * 365);
    store.block_sender(blocked_sender, Some(at + year * 3), sup.id, at).await.unwrap();
    for case in [case, blocked_case] {
        use relais_core::case::CaseStatus;
        for status in [CaseStatus::InProgress, CaseStatus::Resolved, CaseStatus::Closed] {
            assert!(store.set_case_status(case, status, sup.id, at).await.unwrap());
        }
    }
    let sender = store.conversation(conversation).await.unwrap().unwrap().sender_id.unwrap();
    let later = at + year + year;
    assert_eq!(store.erase_closed_cases(later - year, later).await.unwrap(), 2);
    assert!(store.sender(sender).await.unwrap().is_none(), "forgotten with their last case");
    assert!(store.sender(blocked_sender).await.unwrap().is_some(), "a block outlives the case until it ends");
    assert!(!store.seen(channel.id, "m1").await.unwrap(), "message ids are not kept past the redelivery horizon");
    // Writing again, they are someone new.
    let again = store.take_in(&channel, incoming("m3", "33611111111"), later).await.unwrap();
    assert!(matches!(again, TakenIn::Opened { .. }), "{again:?}");
    assert_eq!(store.take_in(&channel, incoming("m4", "33622222222"), later).await.unwrap(), TakenIn::Blocked);
}

/// Every change to a case counts as a move at its commit, on the server that
/// made it and, through the signals, on the others sharing the database; a
/// server's own signal is not counted twice, and a read moves nothing.
#[tokio::test]
async fn a_case_moved_on_one_server_is_heard_on_another() {
    let Some(url) = postgres_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    share_the_master_key(dir.path());
    let (a, b) =
        (Store::open(Some(&url), dir.path()).await.unwrap(), Store::open(Some(&url), dir.path()).await.unwrap());
    let (mut hears_a, mut hears_b) = (a.listen().await.unwrap().unwrap(), b.listen().await.unwrap().unwrap());
    let (mut moves_a, mut moves_b) = (a.case_moves(), b.case_moves());

    a.append_audit(relais_store::Actor::Cli.did("case.view", "case:x"), now()).await.unwrap();
    assert!(!moves_a.has_changed().unwrap(), "a read moves no case");
    // Opened in a counsellor's hands, so that it waits in no queue other tests take from.
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let name = format!("moves-{}", uuid_tag());
    let lou =
        a.add_staff(&name, relais_core::staff::Role::Listener, &hash, relais_store::Actor::Cli, now()).await.unwrap();
    moves_a.mark_unchanged();
    let in_hand =
        relais_store::NewCase { assigned_to: Some(lou.id), ..harassment(relais_core::case::ContactChannel::Phone) };
    a.open_case(in_hand).await.unwrap();
    assert!(moves_a.has_changed().unwrap(), "the server that opened it counts it at once");
    moves_a.mark_unchanged();

    // Other tests may move cases on the database meanwhile: read until A's own signal comes.
    let from_a = relais_store::signals::Signal::Payload(format!("cases {}", a.instance()));
    for listener in [&mut hears_a, &mut hears_b] {
        loop {
            let signal = tokio::time::timeout(std::time::Duration::from_secs(10), listener.next())
                .await
                .expect("the case's move is signalled within seconds")
                .unwrap();
            if signal == from_a {
                break;
            }
        }
    }
    a.heard(&from_a);
    assert!(!moves_a.has_changed().unwrap(), "its own signal is not counted twice");
    b.heard(&from_a);
    assert!(moves_b.has_changed().unwrap(), "another server's move is counted");
    moves_b.mark_unchanged();
    b.heard(&relais_store::signals::Signal::Lost);
    assert!(moves_b.has_changed().unwrap(), "a lost connection may have missed moves: count one");
}

/// Attempts sent at once to two servers are counted as they are heard, on
/// both: past the free failures, every further one is held back, wherever it
/// arrives. A proxy spreading a guesser over servers, or a guesser sending
/// many attempts together, gets no more tries than one attempt at a time.
#[tokio::test]
async fn sign_in_attempts_are_counted_once_across_servers() {
    let Some(url) = postgres_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    share_the_master_key(dir.path());
    let (a, b) =
        (Store::open(Some(&url), dir.path()).await.unwrap(), Store::open(Some(&url), dir.path()).await.unwrap());
    let (address, name) = (format!("address-{}", uuid_tag()), format!("camille-{}", uuid_tag()));
    let backoff = relais_core::staff::Backoff {
        free: 3,
        first_wait: jiff::SignedDuration::from_secs(30),
        max_wait: jiff::SignedDuration::from_secs(900),
        forget_after: jiff::SignedDuration::from_hours(1),
    };
    let at = now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        let (address, name) = (address.clone(), name.clone());
        tasks.spawn(async move {
            let scopes = store.sign_in_scopes(&address, &name);
            store.begin_sign_in(&scopes, (&backoff, &backoff), at).await.unwrap().is_none()
        });
    }
    let mut heard = 0;
    while let Some(done) = tasks.join_next().await {
        heard += usize::from(done.unwrap());
    }
    assert_eq!(heard, 4, "three free failures and the one heard before the wait, whichever server took them");
    let seen_by = async |store: &Store| store.sign_in_failures(&store.sign_in_scopes(&address, &name)).await.unwrap();
    let (by_address, by_name) = seen_by(&a).await;
    assert_eq!(
        (by_address.map(|f| f.count), by_name.map(|f| f.count)),
        (Some(4), Some(4)),
        "each heard attempt counted"
    );
    assert_eq!(seen_by(&b).await, (by_address, by_name), "both servers see the same counts");
    b.sign_in_succeeded(&b.sign_in_scopes(&address, &name)).await.unwrap();
    let (by_address, by_name) = seen_by(&a).await;
    assert_eq!((by_address.map(|f| f.count), by_name), (Some(3), None), "a success on one server, seen on all");
}
