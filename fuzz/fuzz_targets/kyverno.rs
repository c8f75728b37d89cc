//! Fuzzes the kyverno adapter: any bytes must give findings or a typed error, never a panic.
#![no_main]

use adapters::Parser;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let scanner = adapters::by_name("kyverno").expect("the kyverno adapter is registered");
    let _ = scanner.detect(data);
    let _ = scanner.parse(data, "fuzz");
});
