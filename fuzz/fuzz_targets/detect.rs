//! Fuzzes shape detection across all adapters, then the parser detection picks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for scanner in adapters::all() {
        let _ = scanner.detect(data);
    }
    if let Some(scanner) = adapters::detect(data) {
        let _ = scanner.parse(data, "fuzz");
    }
});
