//! The `--json` outputs checked against the JSON Schemas committed in
//! `crates/cli/schema/` (the machine-readable form of the README's tables),
//! so the documentation and the output cannot drift apart.

use serde_json::Value;

/// The schema file that documents the output of the command `args` runs,
/// if there is one.
fn schema_for(args: &[&str]) -> Option<&'static str> {
    let ecdsa = args.windows(2).any(|w| w == ["--scheme", "ecdsa"]);
    match args.first().copied()? {
        "keygen" | "refresh" | "reshare" | "repair" => Some("account"),
        "sign" if ecdsa => Some("sign-ecdsa"),
        "sign" => Some("sign"),
        "verify" => Some("verify"),
        "reconstruct" => Some("reconstruct"),
        _ => None,
    }
}

/// Checks `output`, the JSON `args` printed, against its schema.
pub fn check(args: &[&str], output: &Value) {
    let Some(name) = schema_for(args) else {
        return;
    };
    let path = format!("{}/schema/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(output)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{args:?} printed JSON that {name}.json refuses: {errors:?}\n{output}"
    );
}
