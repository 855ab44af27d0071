//! A real nginx for tests: Debian's package (scripts/setup.sh installs it),
//! started on 127.0.0.1 with a config made at test time in a private prefix,
//! like e2e/nginx.mjs. Both an http and an https server (a certificate for
//! 127.0.0.1 signed by a test CA that openssl makes), the README's CORS lines
//! verbatim, `redirect_from` redirected (302) to `redirect_to`, and an access
//! log in nginx's `combined` format. nginx runs as one foreground process
//! (daemon off, master_process off), killed when the [`Nginx`] is dropped,
//! also when a test fails.
//!
//! Use from a test file: `#[path = "support/nginx.rs"] mod nginx;`.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The README's lines for nginx, verbatim.
pub const CORS_LINES: [&str; 2] = [
    "add_header Access-Control-Allow-Origin * always;",
    "add_header Access-Control-Expose-Headers \"Content-Length, ETag\" always;",
];

pub struct Nginx {
    child: Child,
    pub prefix: PathBuf,
    pub http_port: u16,
    pub https_port: u16,
    /// The test CA's certificate (PEM), for `--ca-file`.
    pub ca_file: PathBuf,
    /// The access log, `combined` format.
    pub access_log: PathBuf,
    pub error_log: PathBuf,
}

impl Nginx {
    pub fn http_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.http_port)
    }

    pub fn https_url(&self) -> String {
        format!("https://127.0.0.1:{}/", self.https_port)
    }

    /// The access log so far.
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(&self.access_log).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.prefix);
    }
}

pub fn binary() -> PathBuf {
    [
        std::env::var("NGINX").ok().map(PathBuf::from),
        Some(PathBuf::from("/usr/sbin/nginx")),
        Some(PathBuf::from("/usr/bin/nginx")),
    ]
    .into_iter()
    .flatten()
    .find(|p| p.is_file())
    .expect("nginx is not installed: run scripts/setup.sh (it installs Debian's nginx and openssl)")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

fn openssl(dir: &Path, args: &[&str]) {
    let o = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("openssl runs (scripts/setup.sh installs it)");
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A test CA (ca.pem) and a server certificate for 127.0.0.1 (server.pem, server.key).
pub fn make_certificates(dir: &Path) {
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=phoneboot test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    openssl(dir, &ca);
    let mut csr = vec!["req"];
    csr.extend(ec);
    csr.extend([
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    openssl(dir, &csr);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn config(prefix: &Path, root: &Path, http: u16, https: u16, from: &str, to: &str) -> String {
    let p = prefix.display();
    let server = |listen: String, tls: String| {
        format!(
            "  server {{\n    listen {listen};\n    server_name 127.0.0.1;\n{tls}    root {};\n    # The README's CORS lines, verbatim.\n    {}\n    {}\n    location {from} {{\n      rewrite ^{from}(.*)$ {to}$1 redirect;\n    }}\n  }}\n",
            root.display(),
            CORS_LINES[0],
            CORS_LINES[1]
        )
    };
    format!(
        "# Made by cli/tests/support/nginx.rs for one test.\n{user}daemon off;\nmaster_process off;\nworker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log warn;\nevents {{ worker_connections 64; }}\nhttp {{\n  types {{\n    text/html html; text/css css; text/javascript js mjs; application/wasm wasm;\n    application/json json; image/svg+xml svg; image/png png; image/x-icon ico;\n    text/plain txt tsv md; application/octet-stream bin;\n  }}\n  default_type application/octet-stream;\n  access_log {p}/access.log combined;\n  client_body_temp_path {p}/tmp/body;\n  proxy_temp_path {p}/tmp/proxy;\n  fastcgi_temp_path {p}/tmp/fastcgi;\n  uwsgi_temp_path {p}/tmp/uwsgi;\n  scgi_temp_path {p}/tmp/scgi;\n  sendfile off;\n{}{}}}\n",
        server(format!("127.0.0.1:{http}"), String::new()),
        server(
            format!("127.0.0.1:{https} ssl"),
            format!("    ssl_certificate {p}/server.pem;\n    ssl_certificate_key {p}/server.key;\n")
        ),
        user = if is_root() { "user root;\n" } else { "" },
    )
}

/// Why nginx did not come up.
#[derive(Debug, thiserror::Error)]
enum NotUp {
    #[error("nginx exited ({0})")]
    Exited(std::process::ExitStatus),
    #[error("nginx did not listen on port {0}")]
    NotListening(u16),
}

fn wait_for(port: u16, child: &mut Child) -> Result<(), NotUp> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(NotUp::Exited(status));
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(NotUp::NotListening(port));
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Starts nginx serving `root`, with `redirect_from` (e.g. "/old/") redirected to `redirect_to`.
pub fn start(root: &Path, redirect_from: &str, redirect_to: &str) -> Nginx {
    static N: AtomicUsize = AtomicUsize::new(0);
    let bin = binary();
    let prefix = std::env::temp_dir().join(format!(
        "phoneboot-nginx-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&prefix);
    std::fs::create_dir_all(prefix.join("tmp")).unwrap();
    make_certificates(&prefix);
    let root = std::path::absolute(root).unwrap();
    let mut last = String::new();
    for _ in 0..3 {
        let (http, https) = (free_port(), free_port());
        if http == https {
            continue;
        }
        let conf = prefix.join("nginx.conf");
        std::fs::write(
            &conf,
            config(&prefix, &root, http, https, redirect_from, redirect_to),
        )
        .unwrap();
        let mut child = Command::new(&bin)
            .arg("-p")
            .arg(&prefix)
            .arg("-c")
            .arg(&conf)
            .arg("-e")
            .arg(prefix.join("error.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts");
        match wait_for(http, &mut child).and_then(|_| wait_for(https, &mut child)) {
            Ok(()) => {
                return Nginx {
                    child,
                    ca_file: prefix.join("ca.pem"),
                    access_log: prefix.join("access.log"),
                    error_log: prefix.join("error.log"),
                    prefix,
                    http_port: http,
                    https_port: https,
                }
            }
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                let log = std::fs::read_to_string(prefix.join("error.log")).unwrap_or_default();
                last = format!("{e}\n{log}");
                if !log.contains("in use") {
                    break;
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&prefix);
    panic!("nginx did not start: {last}");
}
