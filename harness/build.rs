//! Turns each documented opt-out variable into a cfg: a test that needs something absent (a
//! scanner, chromium, kubernetes-validate, KALM's data beside the checkout, the control plane) is compiled as
//! `#[ignore]` when its kind is opted out, so it is reported as skipped, never as passed.
//! Without the variable such a test fails and names the install step.
fn main() {
    for (var, cfg) in [
        ("SCANNER_BENCH_SKIP_LIVE", "skip_live"),
        ("SCANNER_BENCH_SKIP_BROWSER", "skip_browser"),
        ("SCANNER_BENCH_SKIP_VALIDATE", "skip_validate"),
        ("SCANNER_BENCH_SKIP_KALM", "skip_kalm"),
        ("SCANNER_BENCH_SKIP_CLUSTER", "skip_cluster"),
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        println!("cargo::rerun-if-env-changed={var}");
        if std::env::var(var).is_ok_and(|v| v == "1") {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
