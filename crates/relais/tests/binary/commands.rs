//! The commands as an operator uses them: keys from the command line, a
//! server process on port 0, revocation while it runs, a clean stop.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use relais_core::id::NoticeId;
use relais_store::Store;
use serde_json::json;

use crate::{relais, stdout};

/// Starts `relais serve` (or `demo`) on port 0 and reads the address it bound from its log.
fn spawn(args: &[&str], data_dir: &Path) -> (Child, String, Vec<String>) {
    let (child, url, printed, _) = spawn_with(args, data_dir, &[]);
    (child, url, printed)
}

/// The same with more settings from the environment; also the metrics' own address, if it has one.
fn spawn_with(args: &[&str], data_dir: &Path, env: &[(&str, &str)]) -> (Child, String, Vec<String>, Option<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(args)
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .env("RUST_LOG", "info")
        .env("RELAIS_AUTH__REFRESH_SECONDS", "1")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let (mut addr, mut metrics) = (None, None);
    let value =
        |line: &str, key: &str| line.split(key).nth(1).map(|rest| rest.split_whitespace().next().unwrap().to_owned());
    for line in stderr.by_ref() {
        let line = line.unwrap();
        if line.contains("metrics_addr=") {
            metrics = value(&line, "metrics_addr=");
        } else if let Some(found) = value(&line, " addr=") {
            addr = Some(found);
            break;
        }
    }
    // Keep reading the log so the server never writes into a closed pipe.
    std::thread::spawn(move || stderr.for_each(drop));
    let mut out = Vec::new();
    if args[0] == "demo" {
        let stdout = BufReader::new(child.stdout.take().unwrap());
        for line in stdout.lines().map_while(Result::ok) {
            let last = line.starts_with("rl_live_");
            out.push(line);
            if last {
                break;
            }
        }
    }
    (child, format!("http://{}", addr.expect("the server logged its address")), out, metrics)
}

pub(crate) fn stop(mut child: Child) {
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "relais exited with {status}");
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "relais did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn platform_keys_from_the_command_line_work_until_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    let added = stdout(&relais(&data, &["platform", "add", "Example Social"]));
    let key = added.lines().last().unwrap().to_owned();
    assert!(key.starts_with("rl_live_") && !key.contains(' '), "the key is alone on the last line: {added}");
    assert!(data.join("relais.db").exists(), "the data directory and database were created");
    let again = relais(&data, &["platform", "add", "Example Social"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let listed = stdout(&relais(&data, &["platform", "list"]));
    assert!(listed.contains("Example Social") && listed.contains("active"), "{listed}");
    assert!(!listed.contains(&key), "the list never shows a key");

    let (server, url, _) = spawn(&["serve"], &data);
    let http = http_client();
    let ask = || {
        http.post(format!("{url}/v1/referrals"))
            .bearer_auth(&key)
            .json(&json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}}))
            .send()
    };
    assert_eq!(ask().await.unwrap().status(), 200);

    let revoked = stdout(&relais(&data, &["platform", "revoke", "Example Social"]));
    assert!(revoked.contains("Revoked"), "{revoked}");
    let started = Instant::now();
    while ask().await.unwrap().status() != 401 {
        assert!(started.elapsed() < Duration::from_secs(10), "the revoked key still works");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(stdout(&relais(&data, &["platform", "list"])).contains("revoked"));
    let missing = relais(&data, &["platform", "revoke", "Nobody"]);
    assert!(!missing.status.success());
    stop(server);
}

#[tokio::test]
async fn the_demo_prints_a_working_key() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, url, printed) = spawn(&["demo", "--platform-listen", "127.0.0.1:0"], dir.path());
    assert!(printed.iter().any(|l| l.contains(&format!("{url}/openapi.json"))), "{printed:?}");
    let key = printed.last().unwrap();
    assert!(key.starts_with("rl_live_"), "the demo key is printed last: {printed:?}");
    let response = http_client()
        .post(format!("{url}/v1/referrals"))
        .bearer_auth(key)
        .json(&json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // Piaf answers too, and its report flow reaches Relais with its own key.
    let piaf = printed
        .iter()
        .find_map(|l| l.split_whitespace().find(|w| w.starts_with("http") && l.contains("Piaf, a social")))
        .unwrap();
    let feed = reqwest::get(piaf).await.unwrap().text().await.unwrap();
    assert!(feed.contains("Signaler"), "{feed}");
    let choice = http_client()
        .post(format!("{}report", piaf))
        .form(&[
            ("post", "1"),
            ("category", "harassment"),
            ("role", "victim"),
            ("age", "14"),
            ("consent", "yes"),
            ("at", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(choice.status(), 200);
    let html = choice.text().await.unwrap();
    assert!(html.contains("<relais-safe-button token=\"wt2."), "{html}");
    // The demo registered Piaf's origin: its "Report to Piaf" link is accepted.
    let token = html.split("token=\"").nth(1).and_then(|t| t.split('"').next()).unwrap();
    let href = format!("{piaf}reported?post=1");
    let answer = http_client()
        .get(format!(
            "{url}/v1/widget/referral?{}",
            serde_urlencoded::to_string([("token", token), ("report_href", href.as_str())]).unwrap()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "{}", answer.text().await.unwrap());
    stop(demo);
}

#[test]
fn configuration_comes_from_defaults_file_and_environment() {
    let dir = tempfile::tempdir().unwrap();
    let defaults = Command::new(env!("CARGO_BIN_EXE_relais")).args(["config", "default"]).output().unwrap();
    let text = stdout(&defaults);
    assert!(text.contains("listen = \"127.0.0.1:8080\""), "{text}");
    assert!(text.contains("[policy.offer]"), "{text}");

    let file = dir.path().join("relais.toml");
    std::fs::write(&file, "[stats]\nflush_seconds = 42\n[policy]\nadult_age = 21\n").unwrap();
    let shown = Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(["config", "show", "--config"])
        .arg(&file)
        .env("RELAIS_LIMITS__BODY_BYTES", "2048")
        // Every section is reachable from the environment, the later ones too.
        .env("RELAIS_RETENTION__CLOSED_CASE_DAYS", "90")
        .env("RELAIS_NOTICES__MAX_ATTEMPTS", "12")
        .env("RELAIS_SOMETHING_ELSE", "ignored")
        .output()
        .unwrap();
    let shown = stdout(&shown);
    assert!(shown.contains("flush_seconds = 42"), "{shown}");
    assert!(shown.contains("adult_age = 21"), "{shown}");
    assert!(shown.contains("body_bytes = 2048"), "{shown}");
    assert!(shown.contains("closed_case_days = 90") && shown.contains("max_attempts = 12"), "{shown}");

    std::fs::write(&file, "[stats]\nflush_secs = 1\n").unwrap();
    let typo =
        Command::new(env!("CARGO_BIN_EXE_relais")).args(["config", "show", "--config"]).arg(&file).output().unwrap();
    assert!(!typo.status.success());
    assert!(String::from_utf8_lossy(&typo.stderr).contains("flush_secs"), "a typo is named");
}

#[test]
fn the_readmes_proxy_settings_are_settings_relais_reads() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let section = readme.split("### Behind a TLS proxy").nth(1).expect("the README says how to run behind a proxy");
    let toml = section.split("```toml\n").nth(1).and_then(|t| t.split("```").next()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("relais.toml");
    std::fs::write(&file, toml).unwrap();
    let shown = stdout(
        &Command::new(env!("CARGO_BIN_EXE_relais")).args(["config", "show", "--config"]).arg(&file).output().unwrap(),
    );
    assert!(shown.contains("public_url = \"https://relais.example.org\""), "{shown}");
    assert!(shown.contains("\"10.0.0.0/8\""), "{shown}");
    assert!(shown.contains("listen = \"127.0.0.1:9464\""), "{shown}");
}

#[test]
fn capacity_run_and_staff_read_the_shipped_scenario() {
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/3018-baseline.toml");
    let plots = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(["capacity", "run", scenario, "--weeks", "4", "--variant", "referrals ×10", "--plots"])
        .arg(plots.path())
        .output()
        .unwrap();
    let text = stdout(&run);
    for line in ["baseline", "referrals ×5, adults admitted", "referrals ×10 by hour of the day", " 18:00 "] {
        assert!(text.contains(line), "{line:?} missing in:\n{text}");
    }
    for name in ["wait-by-hour", "service-level-vs-staff", "scenarios"] {
        let png = std::fs::read(plots.path().join(format!("{name}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{name}.png");
        let svg = std::fs::read_to_string(plots.path().join(format!("{name}.svg"))).unwrap();
        assert!(svg.contains("<svg") && svg.contains("referrals"), "{name}.svg");
    }
    let staff = Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(["capacity", "staff", scenario, "--target", "80% in 60s"])
        .output()
        .unwrap();
    let text = stdout(&staff);
    assert!(text.contains("Mon  Tue") && text.contains("counsellor-hours a week"), "{text}");
    let bad = Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(["capacity", "staff", scenario, "--target", "most calls quickly"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("80% in 60s"));
}

#[test]
fn staff_accounts_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let added = stdout(&relais(dir.path(), &["staff", "add", "Camille", "--role", "jurist"]));
    let password = added.lines().last().unwrap();
    assert_eq!(password.len(), 23, "a one-time password alone on the last line: {added}");
    assert!(!relais(dir.path(), &["staff", "add", "Camille", "--role", "listener"]).status.success());
    let bad = relais(dir.path(), &["staff", "add", "Sam", "--role", "boss"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown role"));
    let listed = stdout(&relais(dir.path(), &["staff", "list"]));
    assert!(listed.contains("Camille") && listed.contains("jurist") && !listed.contains(password), "{listed}");

    // The second factor: a link for the authenticator app, shown once; listed; and off again.
    let enrolled = stdout(&relais(dir.path(), &["staff", "totp", "Camille"]));
    assert!(enrolled.contains("otpauth://totp/3018:Camille?secret="), "{enrolled}");
    assert!(stdout(&relais(dir.path(), &["staff", "list"])).contains("one-time code"));
    assert!(!relais(dir.path(), &["staff", "totp", "Nobody"]).status.success());
    stdout(&relais(dir.path(), &["staff", "totp", "Camille", "--off"]));
    assert!(!stdout(&relais(dir.path(), &["staff", "list"])).contains("one-time code"));

    // A forgotten password: a new one-time password, printed once; then a departure.
    let reset = stdout(&relais(dir.path(), &["staff", "reset-password", "Camille"]));
    let new_password = reset.lines().last().unwrap();
    assert_eq!(new_password.len(), 23, "{reset}");
    assert_ne!(new_password, password);
    assert!(!relais(dir.path(), &["staff", "reset-password", "Nobody"]).status.success());
    let disabled = stdout(&relais(dir.path(), &["staff", "disable", "Camille"]));
    assert!(disabled.contains("can no longer sign in"), "{disabled}");
    assert!(stdout(&relais(dir.path(), &["staff", "list"])).contains("disabled"));
    assert!(stdout(&relais(dir.path(), &["staff", "disable", "Camille"])).contains("already disabled"));
    assert!(!relais(dir.path(), &["staff", "reset-password", "Camille"]).status.success(), "disabled stays so");
}

#[test]
fn a_platform_is_connected_for_notices_over_https_with_targets_per_category() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&relais(dir.path(), &["platform", "add", "Piaf"]));
    let connect = |extra: &[&str]| {
        let mut args = vec!["platform", "connect", "Piaf"];
        args.extend_from_slice(extra);
        relais(dir.path(), &args)
    };
    for (args, expected) in [
        (vec!["--endpoint", "http://trust.piaf.example/notices"], "--endpoint: the endpoint is an https:// address"),
        (vec!["--endpoint", "https://u:p@trust.piaf.example/n"], "--endpoint: the endpoint carries no user name"),
        (vec!["--endpoint", "https://trust.piaf.example/n", "--category-sla", "sextortion"], "--category-sla"),
        (vec!["--endpoint", "https://trust.piaf.example/n", "--category-sla", "gossip=30"], "--category-sla"),
        (vec!["--endpoint", "https://trust.piaf.example/n", "--category-sla", "csam=0"], "--category-sla"),
        (vec!["--endpoint", "https://trust.piaf.example/n", "--sla-minutes", "0"], "--sla-minutes"),
    ] {
        let refused = connect(&args);
        assert!(!refused.status.success(), "{args:?}");
        let message = String::from_utf8_lossy(&refused.stderr);
        assert!(message.contains(expected), "{args:?}: {message}");
    }
    assert!(!stdout(&relais(dir.path(), &["platform", "list"])).contains("notices to"), "nothing half-stored");
    let connected = stdout(&connect(&[
        "--endpoint",
        "https://trust.piaf.example/relais/notices",
        "--category-sla",
        "sextortion=30",
        "--category-sla",
        "csam=20",
    ]));
    assert_eq!(connected.lines().last().unwrap().len(), 64, "the signing secret alone on the last line: {connected}");
    let listed = stdout(&relais(dir.path(), &["platform", "list"]));
    assert!(
        listed.contains(
            "notices to https://trust.piaf.example/relais/notices, target 60 min, csam 20 min, sextortion 30 min"
        ),
        "{listed}"
    );
    // Plain http to this machine is allowed (a stand-in platform, a local relay).
    stdout(&connect(&["--endpoint", "http://127.0.0.1:8081/notices"]));
}

#[tokio::test]
async fn a_platform_registers_the_origins_its_pages_come_from() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&relais(dir.path(), &["platform", "add", "Piaf"]));
    let origins = |args: &[&str]| {
        let mut all = vec!["platform", "origins", "Piaf"];
        all.extend_from_slice(args);
        relais(dir.path(), &all)
    };
    assert!(stdout(&origins(&[])).contains("has no origin"));
    for bad in ["http://piaf.example", "https://piaf.example/report", "piaf.example", "https://u:p@piaf.example"] {
        let refused = origins(&["--add", "https://m.piaf.example", "--add", bad]);
        assert!(!refused.status.success(), "{bad}");
        assert!(String::from_utf8_lossy(&refused.stderr).contains(&format!("--add {bad:?}")), "{bad}");
    }
    assert!(stdout(&origins(&[])).contains("has no origin"), "nothing half-stored");
    let listed = stdout(&origins(&["--add", "https://Piaf.example:443/", "--add", "https://m.piaf.example"]));
    assert_eq!(listed.lines().collect::<Vec<_>>(), ["https://m.piaf.example", "https://piaf.example"]);
    let listed = stdout(&origins(&["--remove", "https://m.piaf.example"]));
    assert_eq!(listed.trim(), "https://piaf.example");
    stdout(&relais(dir.path(), &["admin-key", "add", "scripts"]));
    assert!(!relais(dir.path(), &["admin-key", "origins", "scripts"]).status.success(), "only platforms");
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join("relais.db"));
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'platform.origin%'")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(actions, ["platform.origin_add", "platform.origin_add", "platform.origin_remove"]);
}

#[tokio::test]
async fn the_audit_trail_records_the_command_line_and_shows_tampering() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&relais(dir.path(), &["platform", "add", "Piaf"]));
    stdout(&relais(dir.path(), &["staff", "add", "Camille", "--role", "jurist"]));
    stdout(&relais(dir.path(), &["platform", "revoke", "Piaf"]));
    let ok = stdout(&relais(dir.path(), &["audit", "verify"]));
    assert!(ok.contains("intact: 3 rows"), "{ok}");
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join("relais.db"));
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log ORDER BY seq").fetch_all(&pool).await.unwrap();
    assert_eq!(actions, ["platform.add", "staff.add", "platform.revoke"], "one row per command, with its change");
    pool.close().await;

    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join("relais.db"));
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq = 2").execute(&pool).await.unwrap();
    pool.close().await;
    let broken = relais(dir.path(), &["audit", "verify"]);
    assert!(!broken.status.success());
    let message = String::from_utf8_lossy(&broken.stderr);
    assert!(message.contains("broken at row 2"), "{message}");
}

#[tokio::test]
async fn a_checkpoint_kept_elsewhere_shows_rows_cut_off_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relais.db");
    for name in ["Piaf", "Geai", "Merle"] {
        stdout(&relais(dir.path(), &["platform", "add", name]));
    }
    let kept = tempfile::tempdir().unwrap();
    let file = kept.path().join("checkpoint.txt");
    let file_arg = file.to_str().unwrap();
    assert!(stdout(&relais(dir.path(), &["audit", "checkpoint", "--out", file_arg])).contains("3 rows"));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("relais audit checkpoint v1\nrows 3\n"), "{text}");
    stdout(&relais(dir.path(), &["staff", "add", "Camille", "--role", "jurist"]));
    let holds = stdout(&relais(dir.path(), &["audit", "verify", "--checkpoint", file_arg]));
    assert!(holds.contains("4 rows, 1 since"), "{holds}");

    // Someone with the database deletes the newest rows: the chain that is left holds...
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&db);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq >= 3").execute(&pool).await.unwrap();
    assert!(stdout(&relais(dir.path(), &["audit", "verify"])).contains("intact: 2 rows"));
    // ...but not against the checkpoint kept elsewhere.
    let cut = relais(dir.path(), &["audit", "verify", "--checkpoint", file_arg]);
    assert!(!cut.status.success());
    let message = String::from_utf8_lossy(&cut.stderr);
    assert!(message.contains("was cut") && message.contains("counted 3 rows, 2 are left"), "{message}");

    // A checkpoint altered to match is refused: its signature no longer holds.
    let forged = kept.path().join("forged.txt");
    std::fs::write(&forged, text.replace("rows 3", "rows 2")).unwrap();
    let refused = relais(dir.path(), &["audit", "verify", "--checkpoint", forged.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("signature"), "{refused:?}");

    // Rows rewritten and rehashed without the master key: their MACs give them away.
    let (_, at, actor, _, subject): (i64, i64, String, String, String) =
        sqlx::query_as("SELECT seq, at, actor, action, subject FROM audit_log WHERE seq = 2")
            .fetch_one(&pool)
            .await
            .unwrap();
    let previous: Vec<u8> =
        sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = 1").fetch_one(&pool).await.unwrap();
    let event = relais_store::AuditEvent { actor, action: "platform.nothing".into(), subject };
    let at = jiff::Timestamp::from_millisecond(at).unwrap();
    let hash = relais_store::audit::chain_hash(&previous, 2, at, &event).to_vec();
    sqlx::query("UPDATE audit_log SET action = $1, hash = $2 WHERE seq = 2")
        .bind(&event.action)
        .bind(hash)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let rewritten = relais(dir.path(), &["audit", "verify"]);
    let message = String::from_utf8_lossy(&rewritten.stderr);
    assert!(message.contains("broken at row 2") && message.contains("MAC"), "{message}");
}

#[tokio::test]
async fn the_trusted_flagger_report_counts_a_years_notices_without_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("relais.db")).await.unwrap();
    let at: jiff::Timestamp = "2026-03-02T10:00:00Z".parse().unwrap();
    let (piaf, _) =
        store.add_client("Piaf", relais_store::ClientKind::Platform, relais_store::Actor::Cli, at).await.unwrap();
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let jo =
        store.add_staff("jo", relais_core::staff::Role::Jurist, &hash, relais_store::Actor::Cli, at).await.unwrap();
    let case = store
        .open_case(relais_store::NewCase::waiting(
            relais_core::case::ContactChannel::Phone,
            relais_core::Category::Harassment,
            relais_core::AgeBand::Age13To17,
            relais_core::risk::RiskLevel::Low,
            relais_core::case::Skill::Jurist,
            at,
        ))
        .await
        .unwrap();
    for (n, decided) in [(1, true), (2, false)] {
        let id = NoticeId::from(uuid::Uuid::now_v7());
        let body = format!("{{\"explanation\":\"MARKER-what-the-child-said-{n}\"}}");
        store
            .draft_notice(relais_store::NewNotice {
                id,
                case_id: case.id,
                client_id: piaf.id,
                category: relais_core::Category::Harassment,
                actions: vec![relais_core::notice::ActionAsked::Removal],
                age_band: relais_core::AgeBand::Age13To17,
                body: body.into_bytes(),
                sla_minutes: 60,
                drafted_by: jo.id,
                at,
                appeal_of: None,
            })
            .await
            .unwrap();
        store.approve_notice(id, jo.id, at).await.unwrap();
        if decided {
            let later = at + jiff::SignedDuration::from_mins(25);
            store.decide_notice(id, piaf.id, "DECISION_VISIBILITY_CONTENT_REMOVED", "{}", later).await.unwrap();
        }
    }
    store.close().await;

    let out = dir.path().join("reports");
    let printed =
        stdout(&relais(dir.path(), &["report", "trusted-flagger", "--year", "2026", "--out", out.to_str().unwrap()]));
    assert!(printed.contains("2 notices in 2026, to 1 platforms"), "{printed}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("trusted-flagger-2026.json")).unwrap()).unwrap();
    assert_eq!(json["notices"], 2);
    assert_eq!(json["by_platform"][0], json!({"key": "Piaf", "notices": 2}));
    assert_eq!(json["time_to_decision"][0]["median_decision_seconds"], 25 * 60);
    assert!(json["statement_of_independence"].as_str().unwrap().contains("independent"));
    let csv = std::fs::read_to_string(out.join("trusted-flagger-2026.csv")).unwrap();
    assert!(
        csv.contains("2026,Piaf,STATEMENT_CATEGORY_CYBER_VIOLENCE,DECISION_VISIBILITY_CONTENT_REMOVED,1\r\n"),
        "{csv}"
    );
    assert!(csv.contains("2026,Piaf,STATEMENT_CATEGORY_CYBER_VIOLENCE,PENDING,1\r\n"), "{csv}");
    let html = std::fs::read_to_string(out.join("trusted-flagger-2026.html")).unwrap();
    assert!(html.contains("Article 22(3)") && html.contains("Statement of independence"));
    for file in ["json", "csv", "html"] {
        let text = std::fs::read_to_string(out.join(format!("trusted-flagger-2026.{file}"))).unwrap();
        assert!(!text.contains("MARKER") && !text.contains("jo"), "no personal data in the {file}");
    }
    // Another year has none; a year before the DSA is refused.
    assert!(
        stdout(&relais(dir.path(), &["report", "trusted-flagger", "--year", "2025", "--out", out.to_str().unwrap()]))
            .contains("0 notices")
    );
    assert!(!relais(dir.path(), &["report", "trusted-flagger", "--year", "1999"]).status.success());
}

#[test]
fn a_bundle_is_verified_and_an_alteration_named() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let public = stdout(&relais(dir.path(), &["bundle", "public-key"]));
    assert_eq!(public.trim().len(), 64, "{public}");
    let keys = relais_store::FieldKeys::load_or_create(dir.path()).unwrap();
    let key = relais_server::bundle::signing_key(keys.derive_key(relais_server::bundle::KEY_LABEL));
    let manifest = relais_server::bundle::Manifest {
        bundle_version: 1,
        target: relais_server::bundle::Target::Prosecutor,
        legal_basis: relais_server::bundle::Target::Prosecutor.legal_basis().into(),
        helpline: "e-Enfance (3018)".into(),
        case: "c-1".into(),
        created_at: "2026-11-28T20:00:00Z".into(),
        category: "sextortion".into(),
        legal_ground: "art. 227-23-1".into(),
        age_band: "13_17".into(),
        fields: Default::default(),
        items: vec![],
        timeline: vec![],
        files: Default::default(),
    };
    let capture = ("evidence/a.png".to_owned(), b"\x89PNG capture".to_vec());
    let zip_bytes = relais_server::bundle::build(manifest, vec![capture], "<h1>Résumé</h1>".into(), &key).unwrap();
    let file = dir.path().join("bundle.zip");
    std::fs::write(&file, &zip_bytes).unwrap();
    let ok = stdout(&relais(dir.path(), &["bundle", "verify", file.to_str().unwrap()]));
    assert!(ok.contains("intact") && ok.contains("2 files"), "{ok}");
    let pinned = relais(dir.path(), &["bundle", "verify", file.to_str().unwrap(), "--public-key", public.trim()]);
    assert!(pinned.status.success());

    // Someone swaps the capture inside the archive.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip_bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let names: Vec<String> = archive.file_names().map(|n| n.unwrap().into_owned()).collect();
    for name in names {
        let mut bytes = Vec::new();
        archive.by_name(&name).unwrap().read_to_end(&mut bytes).unwrap();
        if name == "evidence/a.png" {
            bytes = b"\x89PNG doctored".to_vec();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    let tampered = dir.path().join("tampered.zip");
    std::fs::write(&tampered, out.finish().unwrap().into_inner()).unwrap();
    let refused = relais(dir.path(), &["bundle", "verify", tampered.to_str().unwrap()]);
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(why.contains("evidence/a.png was altered"), "{why}");
    // Another helpline's key does not vouch for it.
    let other = "11".repeat(32);
    let foreign = relais(dir.path(), &["bundle", "verify", file.to_str().unwrap(), "--public-key", &other]);
    assert!(!foreign.status.success());
}

/// A client for the test's own calls, on the provider the server installs.
fn http_client() -> reqwest::Client {
    relais_server::tls::install();
    reqwest::Client::new()
}

#[tokio::test]
async fn metrics_are_served_on_an_address_of_their_own_and_not_on_the_public_one() {
    let dir = tempfile::tempdir().unwrap();
    let (server, url, _, metrics) = spawn_with(&["serve"], dir.path(), &[("RELAIS_METRICS__LISTEN", "127.0.0.1:0")]);
    let metrics = metrics.expect("the metrics' address was logged");
    let http = http_client();
    let scraped = http.get(format!("http://{metrics}/metrics")).send().await.unwrap();
    assert_eq!(scraped.status(), 200);
    assert!(scraped.text().await.unwrap().contains("relais_"), "Prometheus text");
    assert_eq!(http.get(format!("{url}/metrics")).send().await.unwrap().status(), 404, "not on the public address");
    assert_eq!(
        http.get(format!("http://{metrics}/v1/helplines")).send().await.unwrap().status(),
        404,
        "only metrics there"
    );
    assert_eq!(http.get(format!("{url}/healthz")).send().await.unwrap().status(), 200);
    stop(server);
}

/// `relais channel`: secrets from the environment, sealed in the database,
/// never printed; the verify token drawn and shown once; a name freed on removal.
#[tokio::test]
async fn a_messaging_channel_is_added_listed_and_removed_without_showing_its_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let channel = |args: &[&str], env: &[(&str, &str)]| {
        Command::new(env!("CARGO_BIN_EXE_relais"))
            .arg("channel")
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .env_remove("RELAIS_META_APP_SECRET")
            .env_remove("RELAIS_META_ACCESS_TOKEN")
            .env_remove("RELAIS_META_VERIFY_TOKEN")
            .envs(env.iter().copied())
            .output()
            .unwrap()
    };
    let secrets = [("RELAIS_META_APP_SECRET", "s3cret-app"), ("RELAIS_META_ACCESS_TOKEN", "EAAG-token")];
    let add =
        ["add", "whatsapp", "--name", "3018-whatsapp", "--account-id", "106540352242922", "--template", "reengage:fr"];
    let added = channel(&add, &secrets);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let printed = String::from_utf8(added.stdout).unwrap();
    assert!(printed.contains("/webhooks/meta/3018-whatsapp"), "{printed}");
    let token = printed.lines().find_map(|l| l.split("once; paste it beside the address): ").nth(1)).unwrap();
    assert_eq!(token.len(), 36, "a drawn verify token: {printed}");
    assert!(!printed.contains("s3cret-app") && !printed.contains("EAAG-token"));

    let again = channel(&add, &secrets);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("connected already"));
    let missing = channel(&add, &[]);
    assert!(!missing.status.success(), "no secrets, no channel");
    for (bad, why) in [
        (vec!["add", "whatsapp", "--name", "Not A Name", "--account-id", "1"], "--name"),
        (vec!["add", "whatsapp", "--name", "x", "--account-id", "page-one"], "--account-id"),
        (vec!["add", "messenger", "--name", "x", "--account-id", "1", "--template", "a:fr"], "templates"),
    ] {
        let refused = channel(&bad, &secrets);
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains(why), "{why}");
    }

    let listed = String::from_utf8(channel(&["list"], &[]).stdout).unwrap();
    assert!(listed.contains("3018-whatsapp") && listed.contains("template reengage:fr"), "{listed}");
    assert!(!listed.contains("s3cret-app") && !listed.contains("EAAG-token") && !listed.contains(token));
    let store = Store::open(None, dir.path()).await.unwrap();
    let stored = store.app_channel_named("3018-whatsapp").await.unwrap().unwrap();
    assert_eq!((stored.secrets.app_secret.as_str(), stored.secrets.verify_token.as_str()), ("s3cret-app", token));
    store.close().await;
    let db = std::fs::read(dir.path().join("relais.db")).unwrap();
    assert!(!db.windows(10).any(|w| w == b"s3cret-app"), "sealed at rest");

    assert!(channel(&["remove", "3018-whatsapp"], &[]).status.success());
    assert!(!channel(&["remove", "3018-whatsapp"], &[]).status.success(), "once");
    assert!(channel(&add, &secrets).status.success(), "the name is free again");
}

/// `relais pdq hash` prints what Meta's tools print for Meta's test images, and
/// names the files it cannot hash without stopping at them.
#[test]
fn pdq_hashes_files_and_compares_hashes() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../relais-pdq/tests/data");
    let out = Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(["pdq", "hash"])
        .arg(data.join("aaa-orig.jpg"))
        .arg(data.join("truncated.jpg"))
        .arg(data.join("c.png"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22 100 "), "{stdout}");
    assert!(lines[0].ends_with("aaa-orig.jpg"));
    assert!(lines[1].starts_with("e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064 100 "));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("truncated.jpg: the image is damaged or cut short"), "{stderr}");
    assert!(!out.status.success(), "a file that could not be hashed fails the command");

    let distance =
        |a: &str, b: &str| Command::new(env!("CARGO_BIN_EXE_relais")).args(["pdq", "distance", a, b]).output().unwrap();
    let same = distance(
        "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22",
        "D8F8F0CEE0F4A84F0637022A078F67F0B36E2ED596621E1D33E6339C4E9C9B22",
    );
    assert_eq!(String::from_utf8(same.stdout).unwrap(), "6\n");
    // The key that signs the hash list: a key of its own, not the evidence bundles'.
    let dir = tempfile::tempdir().unwrap();
    let list_key = crate::stdout(&relais(dir.path(), &["pdq", "public-key"]));
    let bundle_key = crate::stdout(&relais(dir.path(), &["bundle", "public-key"]));
    assert_eq!(list_key.trim().len(), 64, "{list_key}");
    assert_ne!(list_key, bundle_key);
    let bad = distance("abc", "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22");
    assert!(!bad.status.success());
    assert!(String::from_utf8(bad.stderr).unwrap().contains("64 hexadecimal digits, not 3"));
}

/// `relais migrate` brings a new database to the schema and stops; run again,
/// it finds nothing to do; on PostgreSQL too.
#[test]
fn migrate_brings_the_database_to_the_schema_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let first = stdout(&relais(dir.path(), &["migrate"]));
    assert!(first.contains("30 migrations applied, the last 0030 sign in failures"), "{first}");
    assert_eq!(stdout(&relais(dir.path(), &["migrate"])), first, "nothing more to apply");
    assert!(dir.path().join("relais.db").exists());
    if let Ok(url) = std::env::var("RELAIS_TEST_POSTGRES_URL") {
        let out = Command::new(env!("CARGO_BIN_EXE_relais"))
            .args(["migrate", "--data-dir"])
            .arg(dir.path())
            .env("RELAIS_DATABASE__URL", &url)
            .output()
            .unwrap();
        let printed = stdout(&out);
        assert!(printed.starts_with("PostgreSQL: 30 migrations applied"), "{printed}");
    }
}

/// A helpline moved from SQLite to PostgreSQL and back with the two commands,
/// the data directory's key copied apart; an export is never written over,
/// and a database that holds a helpline takes no other.
#[tokio::test]
async fn a_helpline_moves_to_postgresql_and_back_with_export_and_import() {
    let Ok(url) = std::env::var("RELAIS_TEST_POSTGRES_URL") else {
        assert!(std::env::var_os("CI").is_none(), "CI must test the move to PostgreSQL");
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let (sqlite, postgres, back) = (root.path().join("sqlite"), root.path().join("postgres"), root.path().join("back"));
    stdout(&relais(&sqlite, &["staff", "add", "Camille", "--role", "jurist"]));
    stdout(&relais(&sqlite, &["platform", "add", "Piaf"]));
    for dir in [&postgres, &back] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::copy(sqlite.join("relais.key"), dir.join("relais.key")).unwrap();
    }
    // An empty PostgreSQL database: a schema of its own on the test server.
    let (target, _) = crate::guide::fresh_schema(&url, "moved").await;
    let on_postgres = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_relais"))
            .args(args)
            .arg("--data-dir")
            .arg(&postgres)
            .env("RELAIS_DATABASE__URL", &target)
            .output()
            .unwrap()
    };

    let file = root.path().join("helpline.jsonl");
    let exported = relais(&sqlite, &["export", "--out", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&exported.stderr).contains("relais.key"), "{exported:?}");
    let again = relais(&sqlite, &["export", "--out", file.to_str().unwrap()]);
    assert!(!again.status.success() && String::from_utf8_lossy(&again.stderr).contains("never written over"));

    let imported = stdout(&on_postgres(&["import", file.to_str().unwrap()]));
    assert!(
        imported.starts_with("PostgreSQL: imported") && imported.contains("The audit trail is intact"),
        "{imported}"
    );
    assert!(stdout(&on_postgres(&["staff", "list"])).contains("Camille"));
    let twice = on_postgres(&["import", file.to_str().unwrap()]);
    assert!(!twice.status.success() && String::from_utf8_lossy(&twice.stderr).contains("already holds a helpline"));

    let file_back = root.path().join("back.jsonl");
    stdout(&on_postgres(&["export", "--out", file_back.to_str().unwrap()]));
    let imported = stdout(&relais(&back, &["import", file_back.to_str().unwrap()]));
    assert!(imported.contains("The audit trail is intact"), "{imported}");
    let listed = stdout(&relais(&back, &["platform", "list"]));
    assert!(listed.contains("Piaf"), "{listed}");
    assert!(stdout(&relais(&back, &["audit", "verify"])).contains("intact"));
}
