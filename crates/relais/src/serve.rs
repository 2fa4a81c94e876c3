//! `relais serve`: the server, on the settings' address, until SIGINT or SIGTERM.
use anyhow::Context;
use relais_server::Settings;
use relais_store::Store;
use tokio::net::TcpListener;

use crate::cli::ServeArgs;

pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let settings = args.common.settings(args.listen)?;
    run_server(settings).await
}

async fn run_server(settings: Settings) -> anyhow::Result<()> {
    let (settings, listener, store) = prepare(settings).await?;
    relais_server::run(settings, store, listener, shutdown_signal()).await?;
    Ok(())
}

/// Binds the listener and opens the store. The public URL, when not
/// configured, names the port actually bound (`--listen 127.0.0.1:0` works).
pub async fn prepare(mut settings: Settings) -> anyhow::Result<(Settings, TcpListener, Store)> {
    let store = Store::open(settings.database.url.as_deref(), &settings.data_dir)
        .await
        .with_context(|| format!("cannot open the database in {}", settings.data_dir.display()))?;
    let listener =
        TcpListener::bind(settings.listen).await.with_context(|| format!("cannot listen on {}", settings.listen))?;
    settings.listen = listener.local_addr()?;
    Ok((settings, listener, store))
}

pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
