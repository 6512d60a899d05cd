//! Addresses (placeholder)
