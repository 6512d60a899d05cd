//! TLS material for the relay: rustls configurations with ring as the
//! crypto provider, and self-signed certificates (rcgen) for tests and
//! local deployments.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::error::TransportError;

/// A self-signed certificate for `names` (DNS names or IP addresses):
/// (certificate PEM, private key PEM).
pub fn self_signed(names: &[&str]) -> Result<(String, String), TransportError> {
    let names: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
    let certified = rcgen::generate_simple_self_signed(names)
        .map_err(|e| TransportError(format!("cannot generate a certificate: {e}")))?;
    Ok((certified.cert.pem(), certified.signing_key.serialize_pem()))
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The relay's TLS server configuration from PEM certificate chain and key.
pub fn server_config(
    cert_pem: &[u8],
    key_pem: &[u8],
) -> Result<rustls::ServerConfig, TransportError> {
    let certs = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TransportError(format!("cannot read the certificate PEM: {e}")))?;
    let key = PrivateKeyDer::from_pem_slice(key_pem)
        .map_err(|e| TransportError(format!("cannot read the private key PEM: {e}")))?;
    let mut config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| TransportError(format!("TLS configuration failed: {e}")))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| TransportError(format!("the certificate and key do not fit: {e}")))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// A rustls client configuration trusting only `ca_pem`'s certificates.
pub fn client_config(ca_pem: &[u8]) -> Result<rustls::ClientConfig, TransportError> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem) {
        let cert = cert.map_err(|e| TransportError(format!("cannot read the CA PEM: {e}")))?;
        roots
            .add(cert)
            .map_err(|e| TransportError(format!("cannot trust the CA certificate: {e}")))?;
    }
    Ok(rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| TransportError(format!("TLS configuration failed: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}
