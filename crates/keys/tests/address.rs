//! Native addresses against published facts: the Ethereum addresses of the
//! private keys 1 and 2, the EIP-55 examples, and ed25519-dalek's public key
//! bytes behind the base58 form.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use group::GroupEncoding;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{Point, Suite};
use tessera_keys::NativeAddress;
use tessera_keys::address::eip55;

fn secp_key(secret: u64) -> Point<Secp256k1> {
    Secp256k1::mul_base(&k256::Scalar::from(secret))
}

#[test]
fn ethereum_addresses_of_known_private_keys() {
    // Widely published: the accounts of private keys 0x..01 and 0x..02.
    assert_eq!(
        Secp256k1::address(&secp_key(1)),
        "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"
    );
    assert_eq!(
        Secp256k1::address(&secp_key(2)),
        "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF"
    );
}

#[test]
fn eip55_examples() {
    // The examples of EIP-55 itself.
    for expected in [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
    ] {
        let bytes: [u8; 20] = hex::decode(&expected[2..]).unwrap().try_into().unwrap();
        assert_eq!(eip55(&bytes), expected);
    }
}

#[test]
fn ed25519_address_is_the_base58_public_key() {
    let seed = [7u8; 32];
    let dalek = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
    let secret = <Ed25519 as tessera_keys::NativeKey>::secret_from_native(&seed).unwrap();
    let address = Ed25519::address(&Ed25519::mul_base(secret.expose()));
    assert_eq!(
        bs58_decode(&address),
        dalek.to_bytes().to_vec(),
        "base58 of the same 32 bytes ed25519-dalek computes"
    );
}

/// Base58 (Bitcoin alphabet) decoding, written out here so the test does not
/// check the `bs58` crate against itself.
fn bs58_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut n: Vec<u8> = vec![]; // big-endian base-256 digits
    for c in s.bytes() {
        let mut carry = ALPHABET.iter().position(|a| *a == c).unwrap() as u32;
        for d in n.iter_mut().rev() {
            carry += u32::from(*d) * 58;
            *d = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            n.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = s.bytes().take_while(|c| *c == b'1').count();
    [vec![0u8; zeros], n].concat()
}

#[test]
fn p256_and_ristretto255_addresses_are_hex_keys() {
    let p = P256::mul_base(&p256::Scalar::from(5u64));
    assert_eq!(P256::address(&p), hex::encode(p.to_bytes()));
    assert_eq!(P256::address(&p).len(), 66);
    let r = Ristretto255::mul_base(&curve25519_dalek::Scalar::from(5u64));
    assert_eq!(Ristretto255::address(&r), hex::encode(r.to_bytes()));
}

#[test]
fn bip340_x_only_keys() {
    // The x-coordinate of the generator (private key 1), and BIP-340 test
    // vector 1's public key for its secret key.
    assert_eq!(
        Secp256k1Tr::address(&Secp256k1Tr::mul_base(&k256::Scalar::from(1u64))),
        "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    );
    let secret = tessera_core::SecretScalar::<Secp256k1Tr>::from_bytes(
        &hex::decode("B7E151628AED2A6ABF7158809CF4F3C762E7160F38B4DA56A784D9045190CFEF").unwrap(),
    )
    .unwrap();
    assert_eq!(
        Secp256k1Tr::address(&Secp256k1Tr::mul_base(secret.expose())),
        "dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659"
    );
}
