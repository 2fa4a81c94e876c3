//! The API document is a contract: requests made from `/openapi.json` alone,
//! for every operation it describes, get answers whose status the document
//! lists and whose body its schema for that status accepts.
//!
//! For each operation: a request as the document describes it (parameters
//! and body made from the schemas and their examples), then the same without
//! a key, with an admin key, with a body that is not JSON, is not an object,
//! is too large or has an unknown field, and with a query parameter the
//! operation does not take. Only the ids in paths come from the test (a
//! handoff and a notice of this platform): nothing else can be invented.

use std::collections::BTreeSet;

use crate::common::TestServer;
use relais_store::Actor;
use reqwest::{Method, StatusCode};
use serde_json::{Map, Value, json};

const SCHEMA_DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

struct Contract {
    doc: Value,
}

impl Contract {
    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let pointer = reference.trim_start_matches('#');
                self.resolve(self.doc.pointer(pointer).unwrap_or_else(|| panic!("{reference} does not resolve")))
            }
            None => schema,
        }
    }

    /// A value the schema accepts: its example, its default, its first
    /// choice, or one built from its type.
    fn instance(&self, schema: &Value) -> Value {
        let schema = self.resolve(schema);
        if let Some(example) = schema.get("example").or_else(|| schema.get("examples").and_then(|e| e.get(0))) {
            return example.clone();
        }
        if let Some(default) = schema.get("default").filter(|d| !d.is_null()) {
            return default.clone();
        }
        if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
            return first.clone();
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(first) = schema.get(key).and_then(|alternatives| {
                alternatives.as_array()?.iter().find(|s| self.resolve(s).get("type") != Some(&json!("null")))
            }) {
                return self.instance(first);
            }
        }
        let kind = match schema.get("type") {
            Some(Value::Array(kinds)) => kinds.iter().find(|k| *k != "null").cloned().unwrap_or(Value::Null),
            Some(kind) => kind.clone(),
            None if schema.get("properties").is_some() => json!("object"),
            None => Value::Null,
        };
        match kind.as_str() {
            Some("object") => {
                let mut object = Map::new();
                let required: BTreeSet<&str> = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                    for (name, property) in properties {
                        if required.contains(name.as_str()) {
                            object.insert(name.clone(), self.instance(property));
                        }
                    }
                }
                Value::Object(object)
            }
            Some("array") => {
                let items = schema.get("items").map(|i| self.instance(i)).unwrap_or(Value::Null);
                let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                Value::Array((0..min.max(1)).map(|_| items.clone()).collect())
            }
            Some("string") => match schema.get("format").and_then(Value::as_str) {
                Some("date-time") => json!("2026-11-28T14:00:00Z"),
                Some("uuid") => json!(uuid::Uuid::now_v7().to_string()),
                Some("uri") => json!("https://social.example/p/1"),
                _ => json!("x"),
            },
            Some("integer") | Some("number") => schema.get("minimum").cloned().unwrap_or(json!(1)),
            Some("boolean") => json!(true),
            _ => Value::Null,
        }
    }

    /// Checks an answer against the operation's responses.
    fn check(&self, what: &str, op: &Value, status: StatusCode, content_type: &str, body: &str) -> Result<(), String> {
        let responses = &op["responses"];
        let Some(documented) = responses.get(status.as_str()) else {
            let listed: Vec<&String> = responses.as_object().unwrap().keys().collect();
            return Err(format!("{what}: answered {status}, the document lists {listed:?}: {body}"));
        };
        let Some(content) = documented.get("content").and_then(Value::as_object) else { return Ok(()) };
        let media = content_type.split(';').next().unwrap_or_default().trim();
        let Some(described) = content.get(media) else {
            return Err(format!("{what}: {status} answered {media}, the document says {:?}", content.keys()));
        };
        if !media.ends_with("json") {
            // A text answer (the hash list's file): its media type is what the document says.
            return Ok(());
        }
        let Some(schema) = described.get("schema") else { return Ok(()) };
        let instance: Value =
            serde_json::from_str(body).map_err(|e| format!("{what}: {status} is not JSON ({e}): {body}"))?;
        let root = json!({
            "$schema": SCHEMA_DRAFT,
            "components": self.doc["components"],
            "allOf": [schema],
        });
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("{what}: the document's schema does not compile: {e}"));
        let errors: Vec<String> =
            validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!("{what}: {status} does not match its schema: {errors:?}\n{body}"))
        }
    }
}

/// A request of the contract test.
struct Try {
    what: String,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    key: Option<String>,
    body: Option<(&'static str, Vec<u8>)>,
}

#[tokio::test]
async fn every_operation_answers_as_the_document_says() {
    let server = TestServer::start_with(|s| s.limits.widget_calls_per_minute = 4).await;
    let (status, doc) = server.get("/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let contract = Contract { doc };
    let fixtures = Fixtures::make(&server).await;

    let mut tries = Vec::new();
    for (path, operations) in contract.doc["paths"].as_object().unwrap() {
        for (method, op) in operations.as_object().unwrap() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let concrete = fixtures.fill(path);
            let mut query = Vec::new();
            for parameter in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
                let parameter = contract.resolve(parameter);
                let name = parameter["name"].as_str().unwrap().to_owned();
                match parameter["in"].as_str() {
                    Some("path") => assert!(path.contains(&format!("{{{name}}}")), "{path}: {name} is not in the path"),
                    Some("query") => {
                        // Required parameters, and optional ones the document gives an example of.
                        let example = parameter.get("example").or_else(|| parameter["schema"].get("example"));
                        let value = match (fixtures.query(&name), example) {
                            (Some(v), _) => v,
                            (None, Some(e)) => e.clone(),
                            (None, None) if parameter["required"] == json!(true) => {
                                contract.instance(&parameter["schema"])
                            }
                            (None, None) => continue,
                        };
                        let text = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
                        query.push((name, text));
                    }
                    other => panic!("{path}: parameter {name} in {other:?}"),
                }
            }
            let secured = op.get("security").is_some();
            let key = secured.then(|| server.key.clone());
            let body = op
                .pointer("/requestBody/content/application~1json/schema")
                .map(|schema| fixtures.body(path, contract.instance(schema)));
            let base = |what: &str| Try {
                what: format!("{method} {path} {what}"),
                method: method.clone(),
                path: concrete.clone(),
                query: query.clone(),
                key: key.clone(),
                body: body.as_ref().map(|b| ("application/json", serde_json::to_vec(b).unwrap())),
            };
            tries.push(base("as documented"));
            if op["responses"].get("429").is_some() {
                // A limited operation, asked until the limit shows (this server's is low).
                tries.extend((0..8).map(|_| base("again and again")));
            }
            if secured {
                tries.push(Try { key: None, ..base("without a key") });
                tries.push(Try { key: Some(server.admin_key.clone()), ..base("with an admin key") });
                tries.push(Try { key: Some("rl_live_nope_nope".into()), ..base("with a malformed key") });
            }
            let mut odd = query.clone();
            odd.push(("colour".into(), "red".into()));
            tries.push(Try { query: odd, ..base("with an unknown parameter") });
            if let Some(body) = &body {
                tries.push(Try { body: Some(("application/json", b"{\"a\":".to_vec())), ..base("with broken JSON") });
                tries.push(Try { body: Some(("application/json", b"[1, 2]".to_vec())), ..base("with an array") });
                tries.push(Try { body: Some(("text/plain", b"hello".to_vec())), ..base("as text") });
                let big = vec![b' '; server.state().settings.limits.body_bytes + 1];
                tries.push(Try { body: Some(("application/json", big)), ..base("too large") });
                let mut unknown = body.clone();
                unknown["colour"] = json!("red");
                tries.push(Try {
                    body: Some(("application/json", serde_json::to_vec(&unknown).unwrap())),
                    ..base("with an unknown field")
                });
            }
        }
    }
    let mut statuses = BTreeSet::new();
    let mut broken = Vec::new();
    for t in &tries {
        let query = serde_urlencoded::to_string(&t.query).unwrap();
        let url = format!("{}{}{}{query}", server.url, t.path, if query.is_empty() { "" } else { "?" });
        let mut request = server.http.request(t.method.clone(), url);
        if let Some(key) = &t.key {
            request = request.bearer_auth(key);
        }
        if let Some((media, bytes)) = &t.body {
            request = request.header("content-type", *media).body(bytes.clone());
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let body = response.text().await.unwrap();
        let path = t.path.clone();
        let template = contract.doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(p, _)| fixtures.fill(p) == path)
            .map(|(_, ops)| ops[t.method.as_str().to_lowercase()].clone())
            .unwrap();
        if let Err(why) = contract.check(&t.what, &template, status, &content_type, &body) {
            broken.push(why);
        }
        if t.what.ends_with("as documented") && !status.is_success() {
            broken.push(format!("{}: the document's own request answered {status}: {body}", t.what));
        }
        statuses.insert((t.what.split(' ').take(2).collect::<Vec<_>>().join(" "), status.as_u16()));
    }
    assert!(broken.is_empty(), "{} answers the document does not describe:\n{}", broken.len(), broken.join("\n"));
    // The documented requests themselves succeed: the document is enough to integrate.
    for (operation, ok) in [
        ("POST /v1/referrals", 200),
        ("POST /v1/handoffs", 201),
        ("GET /v1/handoffs/{id}", 200),
        ("POST /v1/widget-tokens", 201),
        ("GET /v1/widget/referral", 200),
        ("GET /v1/helplines", 200),
        ("GET /v1/categories", 200),
        ("GET /v1/stats/referrals", 200),
        ("GET /v1/notices", 200),
        ("POST /v1/notices/{id}/acknowledgement", 200),
        ("POST /v1/notices/{id}/decision", 200),
    ] {
        assert!(statuses.contains(&(operation.to_owned(), ok)), "{operation} never answered {ok}: {statuses:?}");
    }
    // And the widget's limit per address was met, as documented.
    assert!(statuses.contains(&("GET /v1/widget/referral".to_owned(), 429)), "{statuses:?}");
}

/// What the test supplies: the ids in paths, a token, and the few values that
/// must name something that exists.
struct Fixtures {
    handoff: String,
    notice: String,
    token: String,
    /// A hash on the list.
    hash: String,
}

impl Fixtures {
    async fn make(server: &TestServer) -> Fixtures {
        let body = json!({"consent": true, "country": "FR", "category": "harassment", "reporter": {"role": "victim"}});
        let (_, handoff) = server.post_json("/v1/handoffs", &server.key, &body).await;
        let token_body =
            json!({"report_ref": "r-1", "country": "FR", "category": "harassment", "reporter": {"role": "victim"}});
        let (_, token) = server.post_json("/v1/widget-tokens", &server.key, &token_body).await;
        let (notice, hash) = delivered_notice(server).await;
        Fixtures {
            handoff: handoff["id"].as_str().unwrap().to_owned(),
            notice,
            token: token["token"].as_str().unwrap().to_owned(),
            hash,
        }
    }

    fn fill(&self, path: &str) -> String {
        let id = if path.starts_with("/v1/notices/") {
            &self.notice
        } else if path.starts_with("/v1/hashes/") {
            &self.hash
        } else {
            &self.handoff
        };
        path.replace("{id}", id)
    }

    fn query(&self, name: &str) -> Option<Value> {
        (name == "token").then(|| json!(self.token))
    }

    /// A generated body, with what must name an existing record taken out.
    fn body(&self, path: &str, mut body: Value) -> Value {
        if path == "/v1/widget-tokens" {
            body.as_object_mut().unwrap().remove("handoff_code");
        }
        body
    }
}

/// A notice delivered to the test platform, as the outbox leaves it, and a
/// hash on the list, on the same case.
async fn delivered_notice(server: &TestServer) -> (String, String) {
    let store = &server.store;
    let now = server.clock.now();
    let hash = relais_store::passwords::hash("a long enough secret").unwrap();
    let jurist =
        store.add_staff("contract-jurist", relais_core::staff::Role::Jurist, &hash, Actor::Cli, now).await.unwrap();
    let connector = relais_store::Connector {
        client_id: server.platform,
        endpoint: "https://social.example/notices".into(),
        secret: b"a secret".to_vec(),
        sla_minutes: 60,
        category_minutes: Default::default(),
        fallback_contact: None,
    };
    store.set_connector(connector, Actor::Cli, now).await.unwrap();
    let case = store
        .open_case(relais_store::NewCase::waiting(
            relais_core::case::ContactChannel::Phone,
            relais_core::Category::Harassment,
            relais_core::AgeBand::Age13To17,
            relais_core::risk::RiskLevel::None,
            relais_core::case::Skill::Jurist,
            now,
        ))
        .await
        .unwrap();
    let notice = store
        .draft_notice(relais_store::NewNotice {
            id: relais_core::id::NoticeId::from(uuid::Uuid::now_v7()),
            case_id: case.id,
            client_id: server.platform,
            category: relais_core::Category::Harassment,
            actions: vec![relais_core::notice::ActionAsked::Removal],
            age_band: relais_core::AgeBand::Age13To17,
            body: b"{}".to_vec(),
            sla_minutes: 60,
            drafted_by: jurist.id,
            at: now,
            appeal_of: None,
        })
        .await
        .unwrap();
    store.approve_notice(notice.id, jurist.id, now).await.unwrap();
    store.delivery_succeeded(notice.id, now).await.unwrap();
    let hash: relais_pdq::Hash = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22".parse().unwrap();
    let new = relais_store::image_hashes::NewImageHash { hash, quality: 100, dihedral: vec![hash; 7] };
    store.add_image_hashes(case.id, &[new], now).await.unwrap();
    let listed = store.image_hashes(case.id).await.unwrap()[0].id;
    assert!(store.confirm_image_hash(case.id, listed, jurist.id, now).await.unwrap());
    (notice.id.to_string(), listed.to_string())
}

#[tokio::test]
async fn instants_and_choices_are_typed_in_the_document() {
    let server = TestServer::start().await;
    let (_, doc) = server.get("/openapi.json", None).await;
    let mut untyped = Vec::new();
    fn walk(schema: &Value, path: &str, untyped: &mut Vec<String>) {
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let here = format!("{path}.{name}");
                let typed = property.get("$ref").is_some() || property.get("oneOf").is_some();
                let instant = name.ends_with("_at") || matches!(name.as_str(), "at" | "next_opening");
                if instant && !typed && property.get("format") != Some(&json!("date-time")) {
                    untyped.push(format!("{here}: an instant without format date-time"));
                }
                let choice = matches!(
                    name.as_str(),
                    "status" | "kind" | "decision" | "locale" | "category" | "age_band" | "role" | "surface"
                );
                if choice && !typed && property.get("enum").is_none() && property.get("type") != Some(&json!("integer"))
                {
                    untyped.push(format!("{here}: a choice without its values"));
                }
                walk(property, &here, untyped);
            }
        }
        for key in ["items", "allOf", "oneOf", "anyOf"] {
            match schema.get(key) {
                Some(Value::Array(all)) => all.iter().for_each(|s| walk(s, path, untyped)),
                Some(one) => walk(one, path, untyped),
                None => {}
            }
        }
    }
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        walk(schema, name, &mut untyped);
    }
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, op) in operations.as_object().unwrap() {
            for parameter in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap();
                let schema = &parameter["schema"];
                if name == "id" && schema.get("format") != Some(&json!("uuid")) {
                    untyped.push(format!("{method} {path}: id without format uuid"));
                }
                let choice = matches!(name, "status" | "category" | "age_band" | "role" | "locale");
                // A language tag is typed by its shape: any language may be asked for.
                let tag = name == "locale" && schema.get("pattern") == Some(&json!(relais_core::Locale::TAG_PATTERN));
                if choice && !tag && schema.get("$ref").is_none() && schema.get("oneOf").is_none() {
                    untyped.push(format!("{method} {path}: {name} without its values"));
                }
            }
        }
    }
    assert!(untyped.is_empty(), "{untyped:#?}");
}
