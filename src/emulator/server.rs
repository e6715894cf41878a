//! The emulator's HTTP/1 server: axum's router on hyper, with the timeouts `axum::serve` lacks. A
//! client that sends headers too slowly, or a connection that moves no byte for too long (idle
//! keep-alive, a stalled upload, a response no one reads), is closed, so strangers on loopback
//! cannot hold connections (and their memory) open.

use std::future::Future;
use std::io;
use std::pin::{pin, Pin};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::time::{sleep, Instant, Sleep};
use tower::ServiceExt as _;

/// How long the server waits for a request's headers, counted from when it starts waiting for them
/// (so an idle keep-alive connection closes after this long too).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a connection may move no byte at all while a request is being read or answered.
pub const IDLE_TIMEOUT: Duration = Duration::from_mins(1);

/// The two limits, adjustable for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub header_read: Duration,
    pub idle: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            header_read: HEADER_READ_TIMEOUT,
            idle: IDLE_TIMEOUT,
        }
    }
}

/// Serves `app` on `listener` until `stop` completes; then open connections finish the request
/// in flight and close, as with `axum::serve`'s graceful shutdown.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    timeouts: Timeouts,
    stop: impl Future<Output = ()>,
) -> io::Result<()> {
    let mut stop = pin!(stop);
    let (stopping, stopped) = tokio::sync::watch::channel(false);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => {
                let _ = stopping.send(true);
                return Ok(());
            }
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait a little rather than spin.
                tracing::warn!("emulator cannot accept a connection: {e}");
                sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(
            app.clone()
                .map_request(|req: hyper::Request<Incoming>| req.map(axum::body::Body::new)),
        );
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let io = TokioIo::new(IdleIo::new(stream, timeouts.idle));
            let mut connection = pin!(hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(timeouts.header_read)
                .serve_connection(io, service));
            let served = tokio::select! {
                served = connection.as_mut() => served,
                // The only change ever sent is the stop.
                Ok(()) = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(e) = served {
                tracing::debug!("emulator connection ended: {e}");
            }
        });
    }
}

/// A stream that fails with `TimedOut` once it has moved no byte for `limit` while someone waits
/// on it.
struct IdleIo<T> {
    inner: T,
    limit: Duration,
    deadline: Pin<Box<Sleep>>,
}

impl<T> IdleIo<T> {
    fn new(inner: T, limit: Duration) -> Self {
        Self {
            inner,
            limit,
            deadline: Box::pin(sleep(limit)),
        }
    }

    /// Progress moves the deadline; waiting past it is an error.
    fn check<R>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<R>>) -> Poll<io::Result<R>> {
        match poll {
            Poll::Ready(result) => {
                self.deadline.as_mut().reset(Instant::now() + self.limit);
                Poll::Ready(result)
            }
            Poll::Pending => match self.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the connection moved no byte for too long",
                ))),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for IdleIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_read(cx, buf);
        this.check(cx, poll)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for IdleIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.check(cx, poll)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_flush(cx);
        this.check(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
