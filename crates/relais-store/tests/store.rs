//! One story, run against every backend: SQLite always, PostgreSQL when
//! `RELAIS_TEST_POSTGRES_URL` names a server (CI starts one).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use relais_store::{ApiKey, ClientKind, ReferralCount, ReferralCountKey, SqliteStore, Store, StoreError};

async fn story(store: Arc<dyn Store>, tag: &str) {
    let name = format!("tiktok-{tag}");
    let (platform, key) = store.add_client(&name, ClientKind::Platform).await.unwrap();
    assert_eq!(platform.name, name);

    // The key finds its client; only the hash is kept.
    let record = store.client_by_key_id(key.id().as_str()).await.unwrap().unwrap();
    assert_eq!(record.client, platform);
    assert!(key.matches(&record.secret_hash));
    assert!(!ApiKey::generate().matches(&record.secret_hash));

    // A name is unique among clients in force.
    match store.add_client(&name, ClientKind::Platform).await {
        Err(StoreError::AlreadyExists { .. }) => {}
        other => panic!("expected AlreadyExists, got {other:?}"),
    }
    // …but an admin key may share it.
    store.add_client(&name, ClientKind::Admin).await.unwrap();

    assert!(store.active_clients().await.unwrap().iter().any(|c| c.client.id == platform.id));
    let listed = store.list_clients(ClientKind::Platform).await.unwrap();
    assert!(listed.iter().any(|c| c.id == platform.id));

    // Counts add up across flushes, per key.
    let key_of = |decision: &str| ReferralCountKey {
        client_id: platform.id.clone(),
        day: "2026-11-28".into(),
        country: "FR".into(),
        category: "harassment".into(),
        age_band: "13_17".into(),
        surface: String::new(),
        decision: decision.into(),
    };
    let batch = vec![
        ReferralCount { key: key_of("offer_helpline"), count: 3 },
        ReferralCount { key: key_of("emergency"), count: 1 },
    ];
    store.add_referral_counts(&batch).await.unwrap();
    store.add_referral_counts(&batch[..1]).await.unwrap();
    let counts = store.referral_counts(Some(&platform.id)).await.unwrap();
    assert_eq!(counts.len(), 2);
    let offer = counts.iter().find(|c| c.key.decision == "offer_helpline").unwrap();
    assert_eq!(offer.count, 6);
    assert!(store.referral_counts(None).await.unwrap().len() >= 2);

    // Revocation keeps the row and frees the name.
    let revoked = store.revoke_client(&name, ClientKind::Platform).await.unwrap();
    assert!(revoked.revoked_at.is_some());
    assert!(store.active_clients().await.unwrap().iter().all(|c| c.client.id != platform.id));
    assert!(store.client_by_key_id(key.id().as_str()).await.unwrap().unwrap().client.revoked_at.is_some());
    match store.revoke_client(&name, ClientKind::Platform).await {
        Err(StoreError::NotFound { .. }) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
    store.add_client(&name, ClientKind::Platform).await.unwrap();
    store.ping().await.unwrap();
}

#[tokio::test]
async fn sqlite_story() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("data/relais.db")).await.unwrap();
    story(Arc::new(store), "sqlite").await;
}

#[tokio::test]
async fn sqlite_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let (client, key) = {
        let store = SqliteStore::open(&path).await.unwrap();
        store.add_client("snap", ClientKind::Platform).await.unwrap()
    };
    let store = SqliteStore::open(&path).await.unwrap();
    let record = store.client_by_key_id(key.id().as_str()).await.unwrap().unwrap();
    assert_eq!(record.client, client);
}

#[tokio::test]
async fn postgres_story() {
    let Ok(url) = std::env::var("RELAIS_TEST_POSTGRES_URL") else {
        eprintln!("RELAIS_TEST_POSTGRES_URL is not set: the PostgreSQL backend was not exercised");
        return;
    };
    let store = relais_store::open(Some(&url), std::path::Path::new(".")).await.unwrap();
    // Names are unique per run so the story can run again on the same database.
    let tag = uuid_tag();
    story(store, &tag).await;
}

fn uuid_tag() -> String {
    format!("{}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos())
}
