//! Floors: how close each operation is to the arithmetic it cannot avoid.
//!
//! The `baseline` bench measures, per suite and in the same run as the
//! operations, the primitives everything is built from (group
//! `primitives/{suite}`): a fixed-base multiplication `B` (`mul-base`), a
//! variable-base multiplication `V` (`mul`), a multi-scalar multiplication
//! of 2, 100 and 1000 terms (`msm-2`, `msm-100`, `msm-1000`; the per-point
//! cost between those sizes is interpolated linearly in `log k`, and held
//! constant outside them) and one hash to a scalar `H` (`hash-to-scalar`).
//! An operation's floor is the count of primitives its output requires,
//! times their measured cost ([`COUNTS`] lists them; field arithmetic,
//! encoding and allocation are not counted, so a ratio time/floor near 1
//! means the operation does nothing but its unavoidable group work).
//! `MSM(k)` below is `k` times the per-point cost at `k` terms.
//!
//! The primitives are measured on one thread; operations whose MSMs are
//! split across threads (from `tessera_core::msm::PARALLEL_FROM` terms) can
//! come in under their floor on a multi-core machine.

use std::fmt::Write as _;

use super::data::OpResults;
use super::format::{TESSERA, file_stem, format_ratio, format_time, md_cell};

/// The operation the primitives are stored under.
pub const PRIMITIVES: &str = "primitives";

/// The operations with a floor, and the count of primitives each one's
/// floor is made of (`t` signers or threshold, `n` participants).
pub const COUNTS: &[(&str, &str)] = &[
    (
        "shamir-split",
        "t B (the commitment to the t coefficients; the n (t - 1) scalar-field \
         multiplications that evaluate the polynomial at n points are field arithmetic, \
         not counted)",
    ),
    (
        "vss-verify-single",
        "n MSM(t + 1) (each share against the commitment, one by one)",
    ),
    (
        "vss-verify-batch",
        "MSM(t + 1) (all n shares in one equation: their interpolation at a random point \
         against the commitment evaluated there)",
    ),
    (
        "frost-round1",
        "2 H + 2 B (two nonces hashed from randomness and the share, their commitments)",
    ),
    (
        "frost-round2",
        "(t + 1) H + MSM(t) (t binding factors, the challenge; the group commitment)",
    ),
    (
        "frost-aggregate",
        "(t + 1) H + MSM(t) + MSM(3) (round 2's derivation, then z G == R + c Y)",
    ),
    ("frost-verify", "H + MSM(2) (the challenge; z G - c Y == R)"),
    (
        "dkg-part1",
        "(t + 1) B + H (the commitment, the proof of knowledge's nonce and challenge)",
    ),
    (
        "dkg-finish",
        "(n - 1) H + MSM((n - 1)(t + 2)) + n MSM(t) (the other dealers' proofs and \
         shares in one batch; the n verifying shares)",
    ),
];

/// One suite's measured primitives, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Primitives {
    /// `k G` with the backend's fixed-base tables.
    pub mul_base: f64,
    /// `k P` for a variable `P`.
    pub mul: f64,
    /// The cost per point of an MSM of 2, 100 and 1000 terms.
    pub msm_per_point: [(f64, f64); 3],
    /// One hash to a scalar.
    pub hash: f64,
}

impl Primitives {
    /// The primitives of `suite` from the `primitives` operation, when all
    /// were measured.
    pub fn from_op(op: &OpResults, suite: &str) -> Option<Self> {
        let time = |param: &str| op.get(suite, param, TESSERA).map(|r| r.median.point);
        let per_point = |k: f64| time(&format!("msm-{k}")).map(|t| (k, t / k));
        Some(Self {
            mul_base: time("mul-base")?,
            mul: time("mul")?,
            msm_per_point: [per_point(2.0)?, per_point(100.0)?, per_point(1000.0)?],
            hash: time("hash-to-scalar")?,
        })
    }

    /// The cost of an MSM of `k` terms: `k` times the per-point cost,
    /// interpolated linearly in `ln k` between the measured sizes.
    pub fn msm(&self, k: f64) -> f64 {
        if k <= 0.0 {
            return 0.0;
        }
        if k <= 1.0 {
            return self.mul;
        }
        let [(k0, c0), (k1, c1), (k2, c2)] = self.msm_per_point;
        let lerp = |(ka, ca): (f64, f64), (kb, cb): (f64, f64)| {
            let x = (k.ln() - ka.ln()) / (kb.ln() - ka.ln());
            ca + (cb - ca) * x
        };
        let per_point = if k <= k0 {
            c0
        } else if k <= k1 {
            lerp((k0, c0), (k1, c1))
        } else if k <= k2 {
            lerp((k1, c1), (k2, c2))
        } else {
            c2
        };
        k * per_point
    }

    /// The floor of `op` at threshold `t` of `n`, when [`COUNTS`] has one.
    pub fn floor(&self, op: &str, t: f64, n: f64) -> Option<f64> {
        let (b, h) = (self.mul_base, self.hash);
        Some(match op {
            "shamir-split" => t * b,
            "vss-verify-single" => n * self.msm(t + 1.0),
            "vss-verify-batch" => self.msm(t + 1.0),
            "frost-round1" => 2.0 * h + 2.0 * b,
            "frost-round2" => (t + 1.0) * h + self.msm(t),
            "frost-aggregate" => (t + 1.0) * h + self.msm(t) + self.msm(3.0),
            "frost-verify" => h + self.msm(2.0),
            "dkg-part1" => (t + 1.0) * b + h,
            "dkg-finish" => (n - 1.0) * h + self.msm((n - 1.0) * (t + 2.0)) + n * self.msm(t),
            _ => return None,
        })
    }
}

/// `(t, n)` from a parameter `"{t}-of-{n}"`.
pub fn parse_param(param: &str) -> Option<(f64, f64)> {
    let (t, n) = param.split_once("-of-")?;
    Some((t.parse().ok()?, n.parse().ok()?))
}

/// The floors table: for every operation of [`COUNTS`], suite and
/// parameter measured, tessera's time, the floor and time / floor; then the
/// counts. Empty when the primitives were not measured.
pub fn section(ops: &[OpResults]) -> String {
    let Some(primitives) = ops.iter().find(|op| op.op == PRIMITIVES) else {
        return String::new();
    };
    let mut rows = String::new();
    let mut worst: Vec<(String, f64)> = Vec::new();
    for (name, _) in COUNTS {
        let Some(op) = ops.iter().find(|op| op.op == *name) else {
            continue;
        };
        for suite in &op.suites {
            let Some(prims) = Primitives::from_op(primitives, suite) else {
                continue;
            };
            for param in op.params(suite) {
                let (Some(row), Some((t, n))) =
                    (op.get(suite, &param, TESSERA), parse_param(&param))
                else {
                    continue;
                };
                let Some(floor) = prims.floor(name, t, n).filter(|f| *f > 0.0) else {
                    continue;
                };
                let ratio = row.median.point / floor;
                match worst.iter_mut().find(|(s, _)| s == suite) {
                    Some((_, w)) => *w = w.max(ratio),
                    None => worst.push((suite.clone(), ratio)),
                }
                let _ = writeln!(
                    rows,
                    "| [`{name}`]({}.md) | {} | {} | {} | {} | {} |",
                    file_stem(name),
                    md_cell(suite),
                    md_cell(&param),
                    format_time(row.median.point),
                    format_time(floor),
                    format_ratio(ratio),
                );
            }
        }
    }
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    out.push_str("## Floors\n\n");
    out.push_str(
        "Each operation against the group arithmetic it cannot avoid: the \
         primitives of [`primitives`](primitives.md) (measured per suite, on \
         one thread: `B` fixed-base and `V` variable-base multiplication, \
         `MSM(k)` a k-term multi-scalar multiplication, `H` one hash to a \
         scalar) counted as below. Goal: time / floor <= 1.5.\n\n",
    );
    out.push_str("| operation | suite | parameters | time | floor | time / floor |\n");
    out.push_str("|---|---|---|---:|---:|---:|\n");
    out.push_str(&rows);
    out.push('\n');
    let _ = writeln!(
        out,
        "Worst time / floor per suite: {}.\n",
        worst
            .iter()
            .map(|(s, r)| format!("{s} {}", format_ratio(*r)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    out.push_str("| operation | floor |\n|---|---|\n");
    for (name, count) in COUNTS {
        let _ = writeln!(out, "| `{name}` | {count} |");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn prims() -> Primitives {
        Primitives {
            mul_base: 10.0,
            mul: 40.0,
            msm_per_point: [(2.0, 30.0), (100.0, 20.0), (1000.0, 10.0)],
            hash: 1.0,
        }
    }

    #[test]
    fn msm_interpolates_in_log_k() {
        let p = prims();
        assert_eq!(p.msm(0.0), 0.0);
        assert_eq!(p.msm(1.0), 40.0);
        assert_eq!(p.msm(2.0), 60.0);
        assert_eq!(p.msm(100.0), 2000.0);
        assert_eq!(p.msm(1000.0), 10_000.0);
        assert_eq!(p.msm(2000.0), 20_000.0);
        // sqrt(100 * 1000) is halfway in log k: 15 per point.
        let mid = (100.0f64 * 1000.0).sqrt();
        assert!((p.msm(mid) - 15.0 * mid).abs() < 1e-6);
    }

    #[test]
    fn floors_follow_the_counts() {
        let p = prims();
        // frost-round2 at 2-of-3: 3 H + MSM(2) = 3 + 60.
        assert_eq!(p.floor("frost-round2", 2.0, 3.0), Some(63.0));
        // vss-verify-batch at 67-of-100: MSM(68).
        assert_eq!(p.floor("vss-verify-batch", 67.0, 100.0), Some(p.msm(68.0)));
        assert_eq!(p.floor("shamir-split", 3.0, 4.0), Some(30.0));
        assert_eq!(p.floor("reshare", 2.0, 3.0), None);
        for (name, _) in COUNTS {
            assert!(p.floor(name, 2.0, 3.0).is_some(), "{name}");
        }
        assert_eq!(parse_param("667-of-1000"), Some((667.0, 1000.0)));
        assert_eq!(parse_param("msm-2"), None);
    }
}
