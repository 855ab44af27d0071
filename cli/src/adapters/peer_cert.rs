//! Names the certificate a TLS server presents, for the message when it is not
//! trusted: a second handshake that only records the server's certificate and
//! then aborts (no request is sent), and the subject, issuer and SHA-256
//! fingerprint read from its DER. Best effort: `None` when anything fails.

use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};

/// Records the end-entity certificate and refuses it, ending the handshake.
#[derive(Debug, Default)]
struct Capture(Mutex<Option<Vec<u8>>>);

impl ServerCertVerifier for Capture {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut c) = self.0.lock() {
            *c = Some(end_entity.as_ref().to_vec());
        }
        Err(rustls::Error::General("certificate recorded".into()))
    }

    // Never reached: verify_server_cert already ended the handshake.
    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        not_verified()
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        not_verified()
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

fn not_verified() -> Result<HandshakeSignatureValid, rustls::Error> {
    Err(rustls::Error::General("not verified".into()))
}

/// The DER certificate `host:port` presents, if a handshake gets that far.
pub fn fetch(host: &str, port: u16, timeout: Duration) -> Option<Vec<u8>> {
    let capture = Arc::new(Capture::default());
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .ok()?
            .dangerous()
            .with_custom_certificate_verifier(capture.clone())
            .with_no_client_auth();
    let name = ServerName::try_from(host.to_owned()).ok()?;
    let mut conn = ClientConnection::new(Arc::new(config), name).ok()?;
    let addr = (host, port).to_socket_addrs().ok()?.next()?;
    let mut tcp = TcpStream::connect_timeout(&addr, timeout).ok()?;
    tcp.set_read_timeout(Some(timeout)).ok()?;
    tcp.set_write_timeout(Some(timeout)).ok()?;
    // A handful of round trips at most; the verifier ends it with an error.
    for _ in 0..8 {
        if conn.complete_io(&mut tcp).is_err() || !conn.is_handshaking() {
            break;
        }
    }
    let der = capture.0.lock().ok()?.take();
    der
}

/// One DER element: (tag, contents, what follows).
fn tlv(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = b.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, &d| (a << 8) | d as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// "CN=..., O=..." of an X.509 Name (the attributes people recognise).
fn name(der: &[u8]) -> String {
    let mut parts = Vec::new();
    let mut rdns = der;
    while let Some((0x31, set, rest)) = tlv(rdns) {
        rdns = rest;
        let mut atvs = set;
        while let Some((0x30, atv, rest)) = tlv(atvs) {
            atvs = rest;
            let Some((0x06, oid, value)) = tlv(atv) else {
                continue;
            };
            let key = match oid {
                [0x55, 0x04, 0x03] => "CN",
                [0x55, 0x04, 0x0a] => "O",
                [0x55, 0x04, 0x0b] => "OU",
                _ => continue,
            };
            if let Some((_, v, _)) = tlv(value) {
                let text: String = String::from_utf8_lossy(v)
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(80)
                    .collect();
                parts.push(format!("{key}={text}"));
            }
        }
    }
    if parts.is_empty() {
        "(no name)".to_owned()
    } else {
        parts.join(", ")
    }
}

/// Subject and issuer of a DER certificate.
pub fn subject_and_issuer(cert: &[u8]) -> Option<(String, String)> {
    let (0x30, c, _) = tlv(cert)? else {
        return None;
    };
    let (0x30, tbs, _) = tlv(c)? else {
        return None;
    };
    let mut rest = tbs;
    // [0] version, optional.
    if let Some((0xa0, _, r)) = tlv(rest) {
        rest = r;
    }
    let (_serial, _, r) = tlv(rest)?;
    let (_sig_alg, _, r) = tlv(r)?;
    let (0x30, issuer, r) = tlv(r)? else {
        return None;
    };
    let (_validity, _, r) = tlv(r)?;
    let (0x30, subject, _) = tlv(r)? else {
        return None;
    };
    Some((name(subject), name(issuer)))
}

/// The SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` prints it.
pub fn fingerprint(cert: &[u8]) -> String {
    let hex = phoneboot_engine::checks::sha256_hex(cert).to_ascii_uppercase();
    hex.as_bytes()
        .chunks(2)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

/// "certificate "CN=a" issued by "CN=b" (SHA-256 AB:CD:...)", or `None`.
pub fn describe(host: &str, port: u16, timeout: Duration) -> Option<String> {
    let der = fetch(host, port, timeout)?;
    let (subject, issuer) = subject_and_issuer(&der)?;
    let who = if subject == issuer {
        format!("certificate \"{subject}\", issued by itself")
    } else {
        format!("certificate \"{subject}\" issued by \"{issuer}\"")
    };
    Some(format!("{who}, SHA-256 {}", fingerprint(&der)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_not_a_certificate() {
        assert_eq!(subject_and_issuer(b""), None);
        assert_eq!(subject_and_issuer(&[0x30, 0x82, 0xff]), None);
        assert_eq!(subject_and_issuer(&[0x30, 0x03, 0x30, 0x01, 0x00]), None);
        assert_eq!(fingerprint(b"").len(), 32 * 3 - 1);
    }
}
