//! How long generating the suite takes: in memory (catalog -> YAML) and with the files
//! written and renamed into place, as `harness generate` does.

use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let checks = harness::catalog::all();
    c.bench_function("render suite in memory", |b| {
        b.iter(|| harness::generate::suite_files(std::hint::black_box(&checks)).unwrap())
    });
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("manifests");
    c.bench_function("generate suite, files written", |b| {
        b.iter(|| {
            let checks = harness::catalog::all();
            let files = harness::generate::suite_files(&checks).unwrap();
            harness::generate::output::write(&out, &files).unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
