//! Two server processes on one PostgreSQL database: a child connected to one
//! and a counsellor to the other talk as if they were on the same server.
//! The servers poll only once a minute here, so a message that arrives in
//! seconds came through the database's signals (`LISTEN`/`NOTIFY`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A PostgreSQL database of the test's own: a fresh schema on the server
/// `RELAIS_TEST_POSTGRES_URL` names, so that its queue holds only what the
/// test puts in it. None on a developer's machine without one (skipped), a
/// failure under CI (a skipped backend passes unseen). Signals travel
/// database-wide, so servers of other tests may be heard: harmless, as every
/// signal only says "look again".
pub(crate) async fn postgres_url() -> Option<String> {
    let url = match std::env::var("RELAIS_TEST_POSTGRES_URL") {
        Ok(url) => url,
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!("CI is set but RELAIS_TEST_POSTGRES_URL is not: the PostgreSQL backend must be tested")
        }
        Err(_) => return None,
    };
    Some(crate::guide::fresh_schema(&url, "test").await.0)
}

/// The servers sharing a database share its master key; the line is open around the clock.
pub(crate) fn data_dir(root: &Path, name: &str) -> std::path::PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("relais.key"), "7e".repeat(32)).unwrap();
    dir
}

/// A server process, killed if the test ends before it stopped it (a failed
/// assertion must not leave a server working on the shared database).
pub(crate) struct Running(pub(crate) Child);

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

fn serve(data: &Path, database: &str, directory: &Path) -> (Running, String) {
    let mut command = server(data, directory);
    command.env("RELAIS_DATABASE__URL", database);
    start(command)
}

/// `relais serve` on port 0 with the helplines of `directory`, polling only
/// once a minute (the chat) or ten (the keys): what arrives sooner came as a signal.
pub(crate) fn server(data: &Path, directory: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_relais"));
    command
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .env("RUST_LOG", "info")
        .env("RELAIS_DIRECTORY__PATH", directory)
        .env("RELAIS_CHAT__POLL_MILLIS", "60000")
        .env("RELAIS_AUTH__REFRESH_SECONDS", "600")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

pub(crate) fn start(mut command: Command) -> (Running, String) {
    let mut child = command.spawn().unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let (mut addr, mut listening) = (None, false);
    // The address, and the other servers' signals listened for (in either order): from then on
    // a message sent on one server reaches the other's connections.
    for line in lines.by_ref().map_while(Result::ok) {
        if let Some(rest) = line.split(" addr=").nth(1) {
            addr = rest.split_whitespace().next().map(str::to_owned);
        }
        listening |= line.contains("listening for the other servers' signals");
        if listening && addr.is_some() {
            break;
        }
    }
    let addr = addr.expect("the server logged its address");
    std::thread::spawn(move || lines.for_each(drop));
    (Running(child), format!("http://{addr}"))
}

pub(crate) async fn socket(url: &str, headers: &[(&'static str, String)]) -> Socket {
    let mut request = url.replace("http://", "ws://").into_client_request().unwrap();
    for (name, value) in headers {
        request.headers_mut().insert(*name, value.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

/// The next message frame written by `author`, within ten seconds.
pub(crate) async fn message_from<S>(socket: &mut tokio_tungstenite::WebSocketStream<S>, author: &str) -> String
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a message within ten seconds: the signal between servers did not arrive")
            .unwrap()
            .unwrap();
        if let Message::Text(text) = frame {
            let frame: Value = serde_json::from_str(&text).unwrap();
            if frame["type"] == "message" && frame["author"] == author {
                return frame["text"].as_str().unwrap().to_owned();
            }
        }
    }
}

#[tokio::test]
async fn a_child_on_one_server_and_a_counsellor_on_another_talk() {
    let Some(database) = postgres_url().await else { return };
    let root = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/helplines.toml")).unwrap();
    let directory = root.path().join("helplines.toml");
    std::fs::write(&directory, shipped.replace("hours = \"mon-sun 09:00-23:00\"", "hours = \"24/7\"")).unwrap();
    let (a_dir, b_dir) = (data_dir(root.path(), "a"), data_dir(root.path(), "b"));

    // A counsellor whose password is their own, made as an operator would.
    let store = relais_store::Store::open(Some(&database), &a_dir).await.unwrap();
    let name = format!("lou-{}", uuid::Uuid::now_v7().simple());
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let lou = store
        .add_staff(&name, relais_core::staff::Role::Listener, &hash, relais_store::Actor::Cli, jiff::Timestamp::now())
        .await
        .unwrap();
    store.set_staff_password(lou.id, &hash, true, relais_store::Actor::Cli, jiff::Timestamp::now()).await.unwrap();
    store.set_chat_capacity(lou.id, 10, relais_store::Actor::Cli, jiff::Timestamp::now()).await.unwrap();

    let (a, a_url) = serve(&a_dir, &database, &directory);
    let (b, b_url) = serve(&b_dir, &database, &directory);
    relais_server::tls::install();
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();

    // The child starts on A.
    let token = crate::guide::start_chat(&http, &a_url, "je suis sur le serveur A").await;
    let ours = store.conversation_by_token(&token).await.unwrap().unwrap().case_id.to_string();
    let mut child = socket(&format!("{a_url}/chat/socket"), &[]).await;
    child.send(Message::Text(json!({"type": "hello", "token": token, "after": 0}).to_string().into())).await.unwrap();

    // The counsellor signs in on B and takes the next contact: the child's chat, the only one.
    let (session, csrf) = crate::guide::sign_in(&http, &b_url, &name, "a long enough secret").await;
    let taken = http
        .post(format!("{b_url}/console/take-next"))
        .header("cookie", &session)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        taken.headers()["location"],
        format!("/console/chats#pane-{ours}").as_str(),
        "the child's chat is offered"
    );
    let headers = [("cookie", session.clone()), ("origin", b_url.clone())];
    let mut pane = socket(&format!("{b_url}/console/cases/{ours}/chat/socket"), &headers).await;
    pane.send(Message::Text(json!({"type": "hello", "after": 0}).to_string().into())).await.unwrap();
    assert_eq!(message_from(&mut pane, "child").await, "je suis sur le serveur A");

    // From A to B and back, each in seconds where a poll would take a minute.
    assert_eq!(message_from(&mut child, "system").await, "Tu parles maintenant avec un·e écoutant·e.");
    pane.send(Message::Text(json!({"type": "send", "id": "b1", "text": "ici le serveur B"}).to_string().into()))
        .await
        .unwrap();
    assert_eq!(message_from(&mut child, "counsellor").await, "ici le serveur B");
    child
        .send(Message::Text(json!({"type": "send", "id": "a1", "text": "bien reçu"}).to_string().into()))
        .await
        .unwrap();
    assert_eq!(message_from(&mut pane, "child").await, "bien reçu");

    for mut server in [a, b] {
        Command::new("kill").args(["-TERM", &server.0.id().to_string()]).status().unwrap();
        let stopped = (0..200).any(|_| {
            std::thread::sleep(Duration::from_millis(50));
            server.0.try_wait().unwrap().is_some()
        });
        assert!(stopped, "a server with open chats stops on SIGTERM");
    }
}

/// A key revoked from the command line stops working on a running server at
/// once, not at its next reload (set here to ten minutes): the command
/// signals the servers sharing the database.
#[tokio::test]
async fn a_key_revoked_on_the_command_line_stops_working_on_a_running_server_at_once() {
    let Some(database) = postgres_url().await else { return };
    let root = tempfile::tempdir().unwrap();
    let directory = root.path().join("helplines.toml");
    std::fs::write(
        &directory,
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/helplines.toml")).unwrap(),
    )
    .unwrap();
    let dir = data_dir(root.path(), "a");
    let cli = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_relais"))
            .args(args)
            .arg("--data-dir")
            .arg(&dir)
            .env("RELAIS_DATABASE__URL", &database)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let name = format!("Revoked-{}", uuid::Uuid::now_v7().simple());
    let printed = cli(&["platform", "add", &name]);
    let key = printed.split_whitespace().find(|w| w.starts_with("rl_live_")).expect("a key").to_owned();
    let (_server, url) = serve(&dir, &database, &directory);
    relais_server::tls::install();
    let http = reqwest::Client::new();
    let referral =
        serde_json::json!({"country": "FR", "category": "harassment", "reporter": {"role": "victim", "age": 14}});
    let status = |http: &reqwest::Client| {
        let request = http.post(format!("{url}/v1/referrals")).bearer_auth(&key).json(&referral);
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(status(&http).await, reqwest::StatusCode::OK);
    cli(&["platform", "revoke", &name]);
    let refused = async || status(&http).await == reqwest::StatusCode::UNAUTHORIZED;
    crate::guide::until("the revoked key refused (the signal heard)", 10, refused).await;
}
