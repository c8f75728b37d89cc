//! Turns the documented opt-out variable into a cfg, so that a live scanner test is compiled as
//! `#[ignore]` (reported as skipped) when the user opts out, instead of returning early and being
//! counted as passed. Without the variable a missing scanner makes its live test fail.
fn main() {
    let (var, cfg) = ("SCANNER_BENCH_SKIP_LIVE", "skip_live");
    println!("cargo::rustc-check-cfg=cfg({cfg})");
    println!("cargo::rerun-if-env-changed={var}");
    if std::env::var(var).is_ok_and(|v| v == "1") {
        println!("cargo::rustc-cfg={cfg}");
    }
}
