//! A hostile proxy in front of a real server (the emulator): it passes every request on, so the
//! server APPLIES it, and for one armed request spoils the answer — a 500, a reset connection, a
//! stall past any timeout, or a 200 cut short. What the client then says is tested against what the
//! server holds.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the armed request's answer is spoiled, after the server handled the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spoil {
    /// An nginx-style `500 Internal Server Error` page instead of the answer.
    Error500,
    /// The connection is reset (RST) instead of answering.
    Reset,
    /// Nothing comes back, for an hour.
    Stall,
    /// The answer's status and headers, but only the first half of its body (length adjusted).
    Truncate,
    /// The whole answer, but only once [`Proxy::release`] is called (a slow server, for as long
    /// as the test needs).
    Hold,
}

struct Rule {
    method: String,
    path_prefix: String,
    body_contains: Option<String>,
    spoil: Spoil,
}

/// The proxy's address and its armed rules, a queue: each spoils one answer, then is gone, and a
/// rule waits until the ones armed before it have fired.
/// Run when a watched request arrives, before it is passed on: what the client had done by then.
type Probe = Arc<dyn Fn() -> String + Send + Sync>;

#[derive(Clone)]
pub struct Proxy {
    pub url: String,
    rules: Arc<Mutex<Vec<Rule>>>,
    probes: Arc<Mutex<Vec<(String, String, Probe)>>>,
    probed: Arc<Mutex<Vec<String>>>,
    released: Arc<tokio::sync::Notify>,
}

impl Proxy {
    /// Spoils the answer to the next `method` request whose path starts with `path_prefix`.
    pub fn arm(&self, method: &str, path_prefix: &str, spoil: Spoil) {
        self.arm_body(method, path_prefix, None, spoil);
    }

    /// As [`Proxy::arm`], only for a request whose body contains `body_contains` (FairCom's one
    /// endpoint tells its actions apart by body).
    pub fn arm_body(
        &self,
        method: &str,
        path_prefix: &str,
        body_contains: Option<&str>,
        spoil: Spoil,
    ) {
        self.rules.lock().unwrap().push(Rule {
            method: method.to_string(),
            path_prefix: path_prefix.to_string(),
            body_contains: body_contains.map(str::to_string),
            spoil,
        });
    }

    /// Runs `probe` when a `method` request whose path starts with `path_prefix` arrives, before
    /// the server sees it; its answers are in [`Proxy::probed`].
    pub fn probe(
        &self,
        method: &str,
        path_prefix: &str,
        probe: impl Fn() -> String + Send + Sync + 'static,
    ) {
        self.probes.lock().unwrap().push((
            method.to_string(),
            path_prefix.to_string(),
            Arc::new(probe),
        ));
    }

    /// What the probes found, in the order their requests arrived.
    pub fn probed(&self) -> Vec<String> {
        self.probed.lock().unwrap().clone()
    }

    fn run_probes(&self, method: &str, path: &str) {
        let probes: Vec<Probe> = self
            .probes
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, prefix, _)| m == method && path.starts_with(prefix.as_str()))
            .map(|(_, _, probe)| Arc::clone(probe))
            .collect();
        for probe in probes {
            let found = probe();
            self.probed.lock().unwrap().push(found);
        }
    }

    /// Lets a held answer ([`Spoil::Hold`]) go, now or as soon as it is held.
    pub fn release(&self) {
        self.released.notify_one();
    }

    /// Whether every armed rule has fired.
    pub fn all_fired(&self) -> bool {
        self.rules.lock().unwrap().is_empty()
    }

    fn take(&self, method: &str, path: &str, body: &[u8]) -> Option<Spoil> {
        let body = String::from_utf8_lossy(body);
        let mut rules = self.rules.lock().unwrap();
        let next = rules.first()?;
        let matches = next.method == method
            && path.starts_with(&next.path_prefix)
            && next
                .body_contains
                .as_deref()
                .is_none_or(|b| body.contains(b));
        matches.then(|| rules.remove(0).spoil)
    }
}

/// Starts the proxy on a loopback port in front of `upstream` (`http://127.0.0.1:PORT`).
pub async fn start(upstream: &str) -> Proxy {
    let upstream: SocketAddr = upstream
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("upstream is http://127.0.0.1:PORT");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let proxy = Proxy {
        url: format!("http://{}", listener.local_addr().unwrap()),
        rules: Arc::default(),
        probes: Arc::default(),
        probed: Arc::default(),
        released: Arc::default(),
    };
    let serving = proxy.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let proxy = serving.clone();
            tokio::spawn(async move {
                let _ = handle(client, upstream, proxy).await;
            });
        }
    });
    proxy
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &str) -> usize {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0)
}

/// One request per connection: read it, pass it on (`connection: close`), answer or spoil.
async fn handle(mut client: TcpStream, upstream: SocketAddr, proxy: Proxy) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&chunk[..n]);
        if let Some(at) = find(&request, b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&request[..head_end]).into_owned();
    let length = content_length(&head);
    while request.len() < head_end + length {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&chunk[..n]);
    }
    let body = request[head_end..].to_vec();
    let mut first = head.lines().next().unwrap_or_default().split(' ');
    let (method, path) = (
        first.next().unwrap_or_default().to_string(),
        first.next().unwrap_or_default().to_string(),
    );
    let mut forwarded: String = head
        .lines()
        .filter(|l| !l.is_empty())
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .map(|l| format!("{l}\r\n"))
        .collect();
    forwarded.push_str("connection: close\r\n\r\n");

    proxy.run_probes(&method, &path);
    let mut server = TcpStream::connect(upstream).await?;
    server.write_all(forwarded.as_bytes()).await?;
    server.write_all(&body).await?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer).await?;

    match proxy.take(&method, &path, &body) {
        None => client.write_all(&answer).await?,
        Some(Spoil::Error500) => {
            let page = "<html><head><title>500 Internal Server Error</title></head><body>nginx</body></html>";
            let reply = format!(
                "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                page.len()
            );
            client.write_all(reply.as_bytes()).await?;
        }
        Some(Spoil::Reset) => {
            #[allow(deprecated)]
            // blocking on drop is what a reset needs, and it is immediate here
            client.set_linger(Some(Duration::ZERO))?;
            drop(client);
            return Ok(());
        }
        Some(Spoil::Hold) => {
            proxy.released.notified().await;
            client.write_all(&answer).await?;
        }
        Some(Spoil::Stall) => {
            tokio::time::sleep(Duration::from_hours(1)).await;
        }
        Some(Spoil::Truncate) => {
            let end = find(&answer, b"\r\n\r\n").map_or(answer.len(), |at| at + 4);
            let head = String::from_utf8_lossy(&answer[..end]).into_owned();
            let body = &answer[end..];
            let cut = &body[..body.len() / 2];
            let head: String = head
                .lines()
                .filter(|l| !l.is_empty())
                .filter(|l| !l.to_ascii_lowercase().starts_with("content-length:"))
                .map(|l| format!("{l}\r\n"))
                .collect();
            client
                .write_all(format!("{head}content-length: {}\r\n\r\n", cut.len()).as_bytes())
                .await?;
            client.write_all(cut).await?;
        }
    }
    client.shutdown().await
}
